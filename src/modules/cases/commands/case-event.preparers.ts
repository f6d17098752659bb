import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../../common/errors/app.exception.js';
import { Clock } from '../../../common/time/clock.js';
import { addDays } from '../../deadlines/domain/index.js';
import { AttachmentsService } from '../../attachments/attachments.service.js';
import { perPageFee, perPieceFee } from '../../letters/information-fee.js';
import { CaseAssignment } from '../case-assignment.service.js';
import type { CaseEntity } from '../case.entity.js';
import { CasesRepository } from '../cases.repository.js';
import { EXTENSION } from '../../../common/statutory-limits.js';
import type { CaseEventCommand, CaseEventCommandOf } from '../dto/case-event-commands.dto.js';
import type { CaseEventPayloads, CaseEventType } from '../workflow/case-event.js';
import type { Actor } from './case-effects.registry.js';
import { LegalReferralsPort } from './case-ports.js';

/** 条例第三十五条: the latest deferral accepted, in days after the decision (a sanity bound, not a statutory one). */
export const MAX_DEFERRAL_DAYS = 366;

/** Command fields that are not part of an event's payload. */
const ENVELOPE_FIELDS = new Set(['type', 'effectiveDate', 'reason', 'expectedVersion']);

/** A command split into what the statechart needs and what the event log keeps (the facts of the act). */
export interface Prepared<T extends CaseEventType> {
  machine: CaseEventPayloads[T];
  log: Record<string, unknown>;
}

export interface PrepareInput<T extends CaseEventType> {
  em: EntityManager;
  actor: Actor;
  /** The case, locked for the command's transaction. */
  row: CaseEntity;
  command: CaseEventCommandOf<T>;
  /** The command's own fields, without the envelope (type, date, reason, version) and without unset ones. */
  facts: Record<string, unknown>;
  effectiveDate: string;
}

type Preparer<T extends CaseEventType> = (input: PrepareInput<T>) => Promise<Prepared<T>> | Prepared<T>;
type Preparers = { readonly [T in CaseEventType]: Preparer<T> };

/** Most events: the log keeps the command's fields; the statechart needs nothing of them. */
const factsOnly = ({ facts }: { facts: Record<string, unknown> }): { machine: Record<never, never>; log: Record<string, unknown> } => ({ machine: {}, log: facts });

/**
 * Events only the system records (deadline scanner, calendar change): CaseEventPipe accepts their type, the role
 * check before the transaction refuses them to every user, so a command never gets here.
 */
const systemOnly = (): never => {
  throw AppException.forbidden('您的角色不能执行此操作');
};

/**
 * Per-event preparation of a command, inside its transaction and before the statechart: checks that need the
 * database (the assignee is a handler of the agency, the advisors are the agency's, the earlier case exists),
 * ids the statechart tracks (consultations, referrals), and rows that go with the event (referrals, opinions,
 * attachment links). One preparer per event type, typed by the event's command.
 */
@Injectable()
export class CaseEventPreparers {
  constructor(
    private readonly cases: CasesRepository,
    private readonly attachments: AttachmentsService,
    private readonly legal: LegalReferralsPort,
    private readonly assignment: CaseAssignment,
    private readonly clock: Clock,
  ) {}

  /** Splits a command into the statechart's payload and the log's payload. */
  prepare(em: EntityManager, actor: Actor, row: CaseEntity, command: CaseEventCommand, effectiveDate: string): Promise<Prepared<CaseEventType>> {
    const facts = Object.fromEntries(Object.entries(command).filter(([k, v]) => !ENVELOPE_FIELDS.has(k) && v !== undefined));
    return this.run(command.type, { em, actor, row, command, facts, effectiveDate });
  }

  // The command and its preparer are correlated by `type`; TypeScript cannot follow that through an index, so the
  // preparer is looked up with the input's own type parameter.
  private async run<T extends CaseEventType>(type: T, input: PrepareInput<CaseEventType>): Promise<Prepared<CaseEventType>> {
    const preparer = this.preparers[type] as Preparer<CaseEventType>;
    return preparer(input);
  }

  private readonly preparers: Preparers = {
    CONFIRM_RECEIPT: ({ command, facts }) => ({ machine: { receiptDate: command.receiptDate }, log: facts }),
    ACCEPT: factsOnly,
    REQUEST_CORRECTION: ({ command, facts }) => ({ machine: { purpose: command.purpose }, log: facts }),
    // 条例第三十条: the corrected application's papers join the case file with their hashes.
    RECEIVE_CORRECTION: async ({ em, actor, row, command, facts }) => {
      const linked = command.attachmentIds ? await this.attachments.linkToCase(em, command.attachmentIds, row.id, actor.id) : [];
      return { machine: {}, log: { ...facts, attachments: linked.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256 })) } };
    },
    CORRECTION_LAPSED: factsOnly,
    CONSULT_THIRD_PARTY: ({ command, facts }) => {
      const consultationId = randomUUID();
      return { machine: { consultationId, party: command.party }, log: { ...facts, consultationId } };
    },
    RECEIVE_THIRD_PARTY_OPINION: ({ command, facts }) => ({ machine: { consultationId: command.consultationId }, log: facts }),
    THIRD_PARTY_LAPSED: ({ command, facts }) => ({ machine: { consultationId: command.consultationId }, log: facts }),
    SEND_FEE_NOTICE: (input) => this.feeNotice(input),
    RECEIVE_FEE_PAYMENT: factsOnly,
    FEE_LAPSED: factsOnly,
    // 条例第三十三条第二款: up to EXTENSION.maxWorkdays working days; the default when the office head does not say.
    APPROVE_EXTENSION: ({ actor, command, facts }) => {
      const workdays = command.workdays ?? EXTENSION.defaultWorkdays;
      return { machine: { workdays }, log: { ...facts, workdays, approvedBy: actor.id } };
    },
    DEFER: ({ command, facts, effectiveDate }) => {
      // 条例第三十五条 asks for a reasonable later date; more than a year after the decision is not one.
      if (command.until > addDays(effectiveDate, MAX_DEFERRAL_DAYS)) {
        throw AppException.invalidField('until', 'TOO_LATE', `延迟答复的期限不应超过决定之日后${MAX_DEFERRAL_DAYS}天`);
      }
      return { machine: { until: command.until }, log: facts };
    },
    REFER_TO_LEGAL: async ({ em, actor, row, command, facts, effectiveDate }) => {
      const referrals = await this.legal.refer(em, row, command, effectiveDate, actor.id);
      return { machine: { referralIds: referrals.map((r) => r.referralId), difficult: command.difficult === true }, log: { ...facts, referrals } };
    },
    SUBMIT_LEGAL_OPINION: async ({ em, actor, row, command, facts, effectiveDate }) => {
      await this.legal.answer(em, row.id, command, effectiveDate, actor.id);
      return { machine: { referralId: command.referralId, opinion: command.opinion }, log: facts };
    },
    START_DRAFT: async ({ row, command, facts }) => {
      // 条例第三十六条第（六）项: a DUPLICATE reply refers to an earlier case of this agency, which must exist.
      if (command.replyType !== 'DUPLICATE') return { machine: { replyType: command.replyType }, log: facts };
      const earlier = await this.earlierCaseOf(row, command.blanks.earlierCaseTrackingNumber);
      return { machine: { replyType: command.replyType, earlierCaseId: earlier?.id ?? null }, log: { ...facts, ...(earlier ? { earlierCaseId: earlier.id } : {}) } };
    },
    SUBMIT_FOR_APPROVAL: factsOnly,
    APPROVE_REPLY: factsOnly,
    RETURN_DRAFT: factsOnly,
    DELIVER_REPLY: factsOnly,
    RECORD_DELIVERY_PROOF: factsOnly,
    WITHDRAW: factsOnly,
    CLOSE: ({ command, facts }) => ({ machine: { closeReason: command.closeReason }, log: facts }),
    ARCHIVE: factsOnly,
    DEADLINE_WARNING: systemOnly,
    DEADLINE_PASSED: systemOnly,
    CALENDAR_CHANGED: systemOnly,
    // 分办: the log keeps who had the case before.
    ASSIGN: async ({ row, command }) => {
      await this.assignment.assertHandlerOf(row.agencyId, command.assigneeId, 'assigneeId');
      return { machine: { assigneeId: command.assigneeId }, log: { assigneeId: command.assigneeId, previousAssigneeId: row.assigneeId } };
    },
    RECORD_REMEDY: factsOnly,
    SET_LEGAL_HOLD: factsOnly,
    // Recorded by the disclosure module through CaseCommandPipeline.recordDecision, never prepared from a command.
    DISCLOSURE_DECIDED: systemOnly,
    DISCLOSURE_SUGGESTION_REVIEWED: systemOnly,
  };

  /**
   * 国办函〔2020〕109号: the fee is computed from the case (第四条 the applicant's place in the month, 第五条 the pages
   * the officer counted), one method per application (第三条); an officer may set another amount only with a reason,
   * recorded beside the computed one.
   */
  private async feeNotice({ em, row, command }: PrepareInput<'SEND_FEE_NOTICE'>): Promise<Prepared<'SEND_FEE_NOTICE'>> {
    const basis = command.basis;
    const earlier = (await this.cases.events(row.id, em)).find((e) => e.type === 'SEND_FEE_NOTICE');
    if (earlier && earlier.payload.basis !== basis) {
      throw AppException.invalidField('basis', 'FEE_METHOD_FIXED', `同一申请只能适用一种计收方式（国办函〔2020〕109号第三条），本申请已按${earlier.payload.basis === 'PER_PAGE' ? '量' : '件'}计收`);
    }
    const calculation =
      basis === 'PER_PAGE' ? perPageFee(command.pages ?? 0) : perPieceFee(await this.cases.placeInApplicantMonth(em, row), (row.receiptDate ?? this.clock.today()).slice(0, 7));
    const override = command.amountYuan !== undefined ? { amountYuan: command.amountYuan, reason: command.overrideReason } : null;
    const amountYuan = override?.amountYuan ?? calculation.amountYuan;
    if (amountYuan === 0) {
      throw AppException.invalidField(basis === 'PER_PAGE' ? 'pages' : 'basis', 'FEE_NOT_DUE', `${calculation.text}无需发出收费通知`);
    }
    const log = { basis, ...(basis === 'PER_PAGE' ? { pages: command.pages } : {}), amountYuan, calculation, ...(override ? { override: { ...override, computedYuan: calculation.amountYuan } } : {}) };
    return { machine: {}, log };
  }

  private async earlierCaseOf(row: CaseEntity, trackingNumber: unknown): Promise<CaseEntity | null> {
    if (typeof trackingNumber !== 'string' || trackingNumber.trim() === '') return null;
    const earlier = await this.cases.findByTrackingNumber(trackingNumber.trim());
    return earlier && earlier.agencyId === row.agencyId && earlier.id !== row.id ? earlier : null;
  }
}
