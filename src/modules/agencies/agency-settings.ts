import { CORRECTION, FEE_NOTICE_PAUSES_CLOCK_DEFAULT } from '../../common/statutory-limits.js';

/**
 * Per-agency settings. Where the 条例 leaves the agency a choice (a "合理的" period, whether to confirm web submissions at once), the
 * value is a configurable default, never a constant:
 * an agency stores only what it changes, and `resolveAgencySettings` fills in the rest.
 */
export interface AgencySettings {
  /** 补正期限 ("合理的补正期限", 条例第三十条): working days after the correction notice (default 15). */
  correctionWindowWorkdays: number;
  /** Whether the fee notice period (F, P] is excluded from the reply period (国办函〔2020〕109号 leaves it open; default on, so waiting for the applicant never makes the office late). */
  feeNoticePausesClock: boolean;
  /** Auto-confirm web submissions (条例第三十一条第（三）项: "双方确认之日"); on non-working days only if `autoConfirmOnDaysOff`. */
  autoConfirmWebSubmissions: boolean;
  autoConfirmOnDaysOff: boolean;
  /** 文号 pattern; `{prefix}`, `{year}`, `{seq}` are replaced (GB/T 9704-2012 default). */
  documentNumberPattern: string;
  /** Distinct applicants within 12 months before a request is flagged for proactive disclosure (条例第四十四条: 多个申请人就相同政府信息向同一行政机关提出公开申请). */
  proactiveDisclosureThreshold: number;
  /**
   * 分办 of cases nobody has been given yet (web submissions; staff registrations go to the registering officer):
   * - 'CONFIRMING_OFFICER' (default): the officer or office head who confirms receipt or accepts it takes it;
   * - 'NONE': it waits in the queue for the office head's ASSIGN (or an officer taking it);
   * - a user id: every new submission goes to that officer at once (if no longer an active handler of the
   *   agency, it falls back to 'CONFIRMING_OFFICER').
   */
  defaultAssignment: DefaultAssignment;
  /** 办公时间 shown on the public home page beside the office's address and phone (null: not published). */
  officeHours: string | null;
  /** The window, in months back from today, in which those distinct applicants are counted (default 12). */
  proactiveDisclosureWindowMonths: number;
  /** Days after delivery or closure before a closed case is archived automatically (条例 sets no period; agency policy). */
  autoArchiveDays: number;
  /** 保管期限 in years of an archived case file, counted from 1 January after the year it ended (DA/T 46; 档案局8号令: 10 or 30 years). */
  retentionYears: number;
}

export type DefaultAssignment = 'NONE' | 'CONFIRMING_OFFICER' | (string & {});

export const DEFAULT_ASSIGNMENT_MODES = ['NONE', 'CONFIRMING_OFFICER'] as const;

export const DEFAULT_AGENCY_SETTINGS: AgencySettings = {
  correctionWindowWorkdays: CORRECTION.defaultWindowWorkdays,
  feeNoticePausesClock: FEE_NOTICE_PAUSES_CLOCK_DEFAULT,
  autoConfirmWebSubmissions: false,
  autoConfirmOnDaysOff: false,
  documentNumberPattern: '{prefix}〔{year}〕{seq}号',
  proactiveDisclosureThreshold: 3,
  defaultAssignment: 'CONFIRMING_OFFICER',
  officeHours: null,
  proactiveDisclosureWindowMonths: 12,
  autoArchiveDays: 15,
  retentionYears: 30,
};

export function resolveAgencySettings(stored: Partial<AgencySettings> | null | undefined): AgencySettings {
  return { ...DEFAULT_AGENCY_SETTINGS, ...(stored ?? {}) };
}
