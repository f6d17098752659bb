import { and, assertEvent, assign, setup } from 'xstate';
import { initialCaseContext, type CaseContext, type CaseMachineInput } from './case-context.js';
import type { CaseEvent } from './case-event.js';
import {
  closeReasonIsManual,
  closeReasonOf,
  consultationIsNew,
  consultationIsOpen,
  correctionNotRequested,
  datesInOrder,
  deferralDateIsLater,
  extensionNotUsed,
  extensionWorkdaysInRange,
  hasDraft,
  isOfficeHead,
  mayAssign,
  noOpenConsultations,
  noPendingReferrals,
  onOrBeforeDueDate,
  receiptDateConfirmable,
  referralIsPending,
  referralsAreNew,
  replyTypeFitsHistory,
  replyTypeGiven,
} from './case.guards.js';
import { afterOpinion, afterReferral, legalReviewBlock } from './legal-review.policy.js';

// Bump when a state is added or renamed or the context changes shape, and add a migration
// in case-snapshot.migrations.ts: persisted snapshots carry the version they were written with.
// 2: `submitted` (intake before the receipt date is fixed) and CONFIRM_RECEIPT.
// 3: history facts in the context (reasonsRequested, correctionReceived, correctionLapsed,
//    feeLapsed) that reply types rely on, and ASSIGN.
// 4: the co-review state (legalReviewDifficult, legalOpinionAgreed, legalOpinionDisagreed)
//    that guards APPROVE_REPLY.
export const CASE_MACHINE_VERSION = 4;

// Side effects are only *named* here. `transition()` returns them and the command pipeline
// runs each one's handler (cases/commands/case-effects.registry.ts: exactly one handler per
// name, owned by its module) inside the command's transaction.
export const CASE_SIDE_EFFECTS = [
  'recordEvent', // append to the case event log (hash chain)
  'issueReceipt', // 接收回执 once the receipt date is fixed (条例第三十一条)
  'checkDraft', // the draft reply's blanks fit its type
  'issueDisclosureDecision', // 条例第三十二条: disclose over a third party's objection, in writing
  'issueCorrectionNotice', // 补正告知书 (条例第三十条)
  'issueConsultationLetter', // 征求意见书 (条例第三十二、三十四条)
  'issueExclusionNotice', // tell the applicant the consultation time is excluded (条例第三十三条第三款)
  'issueFeeNotice', // 收费通知书 (国办函〔2020〕109号)
  'issueExtensionNotice', // 延期答复告知书 (条例第三十三条第二款)
  'issueDeferralNotice', // 延迟答复告知 (条例第三十五条)
  'issueReply', // number (文号) and render the signed reply
  'deliverReply', // send the reply (e-mail through the outbox, post, pickup)
  'recordDeliveryProof', // the returned proof of delivery joins the case file
  'recordRemedy', // 行政复议法第四十八条: a reconsideration or lawsuit and its evidence deadline
  'issueClosureNotice', // tell the applicant the application is no longer processed
  'notifyApplicant',
  'notifyAssignee',
  'notifyApprover',
  'notifyOfficeHead',
  'notifyLegalAdvisors', // each advisor sees only the referral addressed to them
  'archiveEvidence', // seal the evidence bundle (行政诉讼法第三十四条: the agency proves its act)
] as const;

export type CaseSideEffect = (typeof CASE_SIDE_EFFECTS)[number];

const describedOnly = (): void => {};

const sideEffectImplementations = Object.fromEntries(CASE_SIDE_EFFECTS.map((name) => [name, describedOnly])) as Record<CaseSideEffect, typeof describedOnly>;

// Every admitted event moves the date watermark forward and goes into the event log.
const RECORDED = ['advanceEffectiveDate', 'recordEvent'] as const;

// 条例第三十三条第二款: approved by the office head, once, by at most 20 working days, on or
// before the current due date.
const APPROVE_EXTENSION = {
  guard: and(['datesInOrder', 'isOfficeHead', 'extensionNotUsed', 'extensionWorkdaysInRange', 'onOrBeforeDueDate']),
  actions: [...RECORDED, 'markExtensionUsed', 'issueExtensionNotice'],
} as const;

const WITHDRAW = {
  target: '#case.withdrawn',
  guard: 'datesInOrder',
  actions: [...RECORDED, 'notifyApplicant'],
} as const;

// 分办: any open state, from submission until the reply is delivered; the assignee is told.
const ASSIGN = {
  guard: and(['datesInOrder', 'mayAssign']),
  actions: [...RECORDED, 'notifyAssignee'],
} as const;

const CLOSE = {
  target: '#case.closed',
  guard: and(['datesInOrder', 'closeReasonIsManual']),
  actions: [...RECORDED, 'setCloseReason', 'issueClosureNotice'],
} as const;

const DEADLINE_WARNING = {
  guard: 'datesInOrder',
  actions: [...RECORDED, 'notifyAssignee'],
} as const;

const DEADLINE_PASSED = {
  guard: 'datesInOrder',
  actions: [...RECORDED, 'markOverdue', 'notifyAssignee', 'notifyOfficeHead'],
} as const;

// Everywhere but the final `archived`: a calendar change may move a due date, or decide
// whether a delivered reply was on time, so every live case records it. Not a root-level
// handler: `snapshot.can()` ignores the snapshot status and would admit it once archived.
const CALENDAR_CHANGED = { guard: 'datesInOrder', actions: [...RECORDED] } as const;

// 行政诉讼法第三十四条 (the agency proves its act): delivery proof of a notice or the reply comes back days after it was sent
// (an EMS return receipt); it is recorded in every state once the receipt date is fixed
// (documents are issued from then on) except the final one, changing nothing.
const RECORD_DELIVERY_PROOF = { guard: 'datesInOrder', actions: [...RECORDED, 'recordDeliveryProof'] } as const;

// Admissible in every open state once the receipt date is fixed: before delivery the
// applicant may withdraw, the office may end the case, and the scheduler reports on the
// clock. `submitted` takes a subset (no clock yet).
const OPEN_CASE_TRANSITIONS = {
  WITHDRAW,
  ASSIGN,
  CLOSE,
  DEADLINE_WARNING,
  DEADLINE_PASSED,
  CALENDAR_CHANGED,
  RECORD_DELIVERY_PROOF,
} as const;

const START_CONSULTATION = {
  target: 'consultingThirdParty',
  guard: and(['datesInOrder', 'consultationIsNew']),
  actions: [...RECORDED, 'addConsultation', 'issueConsultationLetter', 'issueExclusionNotice'],
} as const;

const SEND_FEE_NOTICE = {
  target: 'awaitingFee',
  guard: 'datesInOrder',
  actions: [...RECORDED, 'issueFeeNotice'],
} as const;

const REFER_TO_LEGAL = {
  target: 'legalReview',
  guard: and(['datesInOrder', 'referralsAreNew']),
  actions: [...RECORDED, 'addReferrals', 'markLegalReferral', 'notifyLegalAdvisors'],
} as const;

// A reply type whose text relies on an earlier step is refused unless the history holds it.
const SET_REPLY_TYPE = {
  guard: and(['datesInOrder', 'replyTypeGiven', 'replyTypeFitsHistory']),
  actions: [...RECORDED, 'setDraftReplyType', 'checkDraft'],
} as const;

// Withdrawn and closed cases are archived too: the evidence of receipt, notices and the
// withdrawal or lapse is what the agency must produce if challenged (行政诉讼法第三十四条).
const ARCHIVE = {
  target: '#case.archived',
  guard: 'datesInOrder',
  actions: [...RECORDED, 'archiveEvidence'],
} as const;

// Evidence archive: a reconsideration or lawsuit against the reply (or the closure) and the
// legal-hold flag come after the case ended, also once it is archived (sealed); no state change.
const AFTER_REPLY = {
  RECORD_REMEDY: { guard: 'datesInOrder', actions: [...RECORDED, 'recordRemedy'] },
  SET_LEGAL_HOLD: { guard: 'datesInOrder', actions: [...RECORDED] },
} as const;

// 条例第四十四条: a decision on proactive disclosure concerns the information asked for, not the handling of the
// request, so it is recorded whatever the case's state, from submission to the sealed archive, and changes nothing.
// A root-level handler: no state handles these events, so every state (the final-looking `archived` included,
// which is not final) passes them up here. No context change, so the snapshot version stays.
const RECORDED_DECISIONS = {
  DISCLOSURE_DECIDED: { guard: 'datesInOrder', actions: [...RECORDED] },
  DISCLOSURE_SUGGESTION_REVIEWED: { guard: 'datesInOrder', actions: [...RECORDED] },
} as const;

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseMachineInput,
  },
  guards: {
    datesInOrder: ({ context, event }) => datesInOrder(context, event),
    receiptDateConfirmable: ({ context, event }) => receiptDateConfirmable(context, event),
    isOfficeHead: ({ event }) => isOfficeHead(event),
    correctionNotRequested: ({ context }) => correctionNotRequested(context),
    extensionNotUsed: ({ context }) => extensionNotUsed(context),
    extensionWorkdaysInRange: ({ event }) => extensionWorkdaysInRange(event),
    onOrBeforeDueDate: ({ event }) => onOrBeforeDueDate(event),
    deferralDateIsLater: ({ event }) => deferralDateIsLater(event),
    consultationIsNew: ({ context, event }) => consultationIsNew(context, event),
    consultationIsOpen: ({ context, event }) => consultationIsOpen(context, event),
    noOpenConsultations: ({ context }) => noOpenConsultations(context),
    referralsAreNew: ({ context, event }) => referralsAreNew(context, event),
    referralIsPending: ({ context, event }) => referralIsPending(context, event),
    noPendingReferrals: ({ context }) => noPendingReferrals(context),
    replyTypeGiven: ({ event }) => replyTypeGiven(event),
    replyTypeFitsHistory: ({ context, event }) => replyTypeFitsHistory(context, event),
    mayAssign: ({ event }) => mayAssign(event),
    hasDraft: ({ context }) => hasDraft(context),
    closeReasonIsManual: ({ event }) => closeReasonIsManual(event),
    // 会商: a reply that needs a legal advisor's agreement (legal-review.policy.ts) is not approved without it.
    legalOpinionSettled: ({ context }) => legalReviewBlock(context, context.draftReplyType) === null,
  },
  actions: {
    ...sideEffectImplementations,
    advanceEffectiveDate: assign({ lastEffectiveDate: ({ event }) => event.effectiveDate }),
    markCorrectionRequested: assign({
      correctionRequested: true,
      reasonsRequested: ({ event }) => event.type === 'REQUEST_CORRECTION' && event.purpose === 'REASONS',
    }),
    markCorrectionReceived: assign({ correctionReceived: true }),
    markCorrectionLapsed: assign({ correctionLapsed: true }),
    markFeeLapsed: assign({ feeLapsed: true }),
    markExtensionUsed: assign({ extensionUsed: true }),
    markOverdue: assign({ overdue: true }),
    addConsultation: assign({
      openConsultations: ({ context, event }) => {
        assertEvent(event, 'CONSULT_THIRD_PARTY');
        return [...context.openConsultations, event.consultationId];
      },
    }),
    removeConsultation: assign({
      openConsultations: ({ context, event }) => {
        assertEvent(event, ['RECEIVE_THIRD_PARTY_OPINION', 'THIRD_PARTY_LAPSED']);
        return context.openConsultations.filter((id) => id !== event.consultationId);
      },
    }),
    addReferrals: assign({
      pendingReferrals: ({ context, event }) => {
        assertEvent(event, 'REFER_TO_LEGAL');
        return [...context.pendingReferrals, ...event.referralIds];
      },
    }),
    markLegalReferral: assign(({ context, event }) => {
      assertEvent(event, 'REFER_TO_LEGAL');
      return afterReferral(context, event.difficult);
    }),
    recordLegalOpinion: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT_LEGAL_OPINION');
      return afterOpinion(context, event.opinion);
    }),
    removeReferral: assign({
      pendingReferrals: ({ context, event }) => {
        assertEvent(event, 'SUBMIT_LEGAL_OPINION');
        return context.pendingReferrals.filter((id) => id !== event.referralId);
      },
    }),
    setDraftReplyType: assign({
      draftReplyType: ({ event }) => {
        assertEvent(event, 'START_DRAFT');
        return event.replyType;
      },
    }),
    setDeferredUntil: assign({
      deferredUntil: ({ event }) => {
        assertEvent(event, 'DEFER');
        return event.until;
      },
    }),
    setCloseReason: assign({ closeReason: ({ event }) => closeReasonOf(event) }),
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => initialCaseContext(input),
  // A case registered with its receipt date known (counter, registered letter) starts here;
  // one submitted before that date is fixed starts in `submitted`, which
  // `initialSubmittedSnapshot()` builds (XState has no input-dependent initial state).
  initial: 'registered',
  on: RECORDED_DECISIONS,
  states: {
    // 条例第三十一条: web, fax and ordinary-letter applications wait for the office to confirm
    // receipt. No clock runs yet, so nothing clock-related (extension, deferral, lapse,
    // DEADLINE_PASSED) applies; the applicant may still withdraw and the office may end a
    // submission that is not an application. DEADLINE_WARNING reminds the office to confirm.
    submitted: {
      on: {
        CONFIRM_RECEIPT: {
          target: 'registered',
          guard: and(['datesInOrder', 'receiptDateConfirmable']),
          actions: [...RECORDED, 'issueReceipt'],
        },
        WITHDRAW,
        ASSIGN,
        CLOSE,
        DEADLINE_WARNING,
        CALENDAR_CHANGED,
      },
    },
    registered: {
      on: {
        ...OPEN_CASE_TRANSITIONS,
        ACCEPT: {
          target: '#case.processing.accepted',
          guard: 'datesInOrder',
          actions: [...RECORDED],
        },
        // 条例第三十条: "一次性告知" — a second correction request is refused, including
        // after the corrected application came back for review.
        REQUEST_CORRECTION: {
          target: 'correctionPending',
          guard: and(['datesInOrder', 'correctionNotRequested']),
          actions: [...RECORDED, 'markCorrectionRequested', 'issueCorrectionNotice'],
        },
        APPROVE_EXTENSION,
      },
    },
    correctionPending: {
      on: {
        ...OPEN_CASE_TRANSITIONS,
        // 条例第三十条: "答复期限自行政机关收到补正的申请之日起计算" — back to review; the
        // clock restarts from this event's effective date.
        RECEIVE_CORRECTION: {
          target: 'registered',
          guard: 'datesInOrder',
          actions: [...RECORDED, 'markCorrectionReceived', 'notifyAssignee'],
        },
        // 条例第三十条: "逾期不补正的，视为放弃申请".
        CORRECTION_LAPSED: {
          target: 'closed',
          guard: 'datesInOrder',
          actions: [...RECORDED, 'markCorrectionLapsed', 'setCloseReason', 'issueClosureNotice'],
        },
      },
    },
    processing: {
      initial: 'accepted',
      // Handled here for every substate; no substate handles these events itself, so a
      // refused guard never falls through to a different transition.
      on: {
        ...OPEN_CASE_TRANSITIONS,
        APPROVE_EXTENSION,
        // 条例第三十五条: an excessive request may get a later reasonable reply date.
        DEFER: {
          guard: and(['datesInOrder', 'deferralDateIsLater']),
          actions: [...RECORDED, 'setDeferredUntil', 'issueDeferralNotice'],
        },
      },
      states: {
        accepted: {
          on: {
            CONSULT_THIRD_PARTY: START_CONSULTATION,
            SEND_FEE_NOTICE,
            REFER_TO_LEGAL,
            START_DRAFT: { ...SET_REPLY_TYPE, target: 'drafting' },
          },
        },
        // 条例第三十三条第三款: the clock is paused while any consultation is open; several may
        // run at once (the excluded time is the union of their intervals). The state is left
        // as soon as the last one ends, whichever event ended it.
        consultingThirdParty: {
          always: [
            { guard: and(['noOpenConsultations', 'hasDraft']), target: 'drafting' },
            { guard: 'noOpenConsultations', target: 'accepted' },
          ],
          on: {
            CONSULT_THIRD_PARTY: {
              guard: and(['datesInOrder', 'consultationIsNew']),
              actions: [...RECORDED, 'addConsultation', 'issueConsultationLetter'],
            },
            RECEIVE_THIRD_PARTY_OPINION: {
              guard: and(['datesInOrder', 'consultationIsOpen']),
              actions: [...RECORDED, 'removeConsultation', 'issueDisclosureDecision', 'notifyAssignee'],
            },
            // 条例第三十二条: a third party's silence is not consent (the agency decides);
            // 第三十四条: a co-producing agency's silence is. Either way the wait is over.
            THIRD_PARTY_LAPSED: {
              guard: and(['datesInOrder', 'consultationIsOpen']),
              actions: [...RECORDED, 'removeConsultation', 'notifyAssignee'],
            },
          },
        },
        awaitingFee: {
          on: {
            RECEIVE_FEE_PAYMENT: [
              {
                target: 'drafting',
                guard: and(['datesInOrder', 'hasDraft']),
                actions: [...RECORDED, 'notifyAssignee'],
              },
              { target: 'accepted', guard: 'datesInOrder', actions: [...RECORDED, 'notifyAssignee'] },
            ],
            // 国办函〔2020〕109号: not paid within the payment period = application abandoned.
            FEE_LAPSED: {
              target: '#case.closed',
              guard: 'datesInOrder',
              actions: [...RECORDED, 'markFeeLapsed', 'setCloseReason', 'issueClosureNotice'],
            },
          },
        },
        // 会商不停表: legal co-review is internal and the clock keeps running (条例第三十三条
        // excludes only third parties and other agencies), so the officer may start or change
        // the draft meanwhile; it cannot go for approval until every opinion is in.
        legalReview: {
          always: [
            { guard: and(['noPendingReferrals', 'hasDraft']), target: 'drafting' },
            { guard: 'noPendingReferrals', target: 'accepted' },
          ],
          on: {
            REFER_TO_LEGAL: {
              guard: and(['datesInOrder', 'referralsAreNew']),
              actions: [...RECORDED, 'addReferrals', 'markLegalReferral', 'notifyLegalAdvisors'],
            },
            SUBMIT_LEGAL_OPINION: {
              guard: and(['datesInOrder', 'referralIsPending']),
              actions: [...RECORDED, 'removeReferral', 'recordLegalOpinion', 'notifyAssignee'],
            },
            START_DRAFT: SET_REPLY_TYPE,
          },
        },
        drafting: {
          on: {
            SUBMIT_FOR_APPROVAL: {
              target: 'awaitingApproval',
              guard: 'datesInOrder',
              actions: [...RECORDED, 'notifyApprover'],
            },
            CONSULT_THIRD_PARTY: START_CONSULTATION,
            SEND_FEE_NOTICE,
            REFER_TO_LEGAL,
            // Re-deciding the reply type keeps the draft and replaces its type.
            START_DRAFT: SET_REPLY_TYPE,
          },
        },
        awaitingApproval: {
          on: {
            APPROVE_REPLY: {
              target: 'approved',
              guard: and(['datesInOrder', 'isOfficeHead', 'legalOpinionSettled']),
              actions: [...RECORDED, 'issueReply'],
            },
            RETURN_DRAFT: {
              target: 'drafting',
              guard: 'datesInOrder',
              actions: [...RECORDED, 'notifyAssignee'],
            },
            REFER_TO_LEGAL,
          },
        },
        approved: {
          on: {
            DELIVER_REPLY: {
              target: '#case.delivered',
              guard: 'datesInOrder',
              actions: [...RECORDED, 'deliverReply'],
            },
          },
        },
      },
    },
    delivered: { on: { ARCHIVE, CALENDAR_CHANGED, RECORD_DELIVERY_PROOF, ...AFTER_REPLY } },
    withdrawn: { on: { ARCHIVE, CALENDAR_CHANGED, RECORD_DELIVERY_PROOF, ...AFTER_REPLY } },
    closed: { on: { ARCHIVE, CALENDAR_CHANGED, RECORD_DELIVERY_PROOF, ...AFTER_REPLY } },
    // Sealed: only what may still come after archiving is recorded; nothing is edited.
    archived: { on: { RECORD_DELIVERY_PROOF, ...AFTER_REPLY } },
  },
});

export type CaseMachine = typeof caseMachine;
