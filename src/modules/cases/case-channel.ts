/** Intake channels (seed 004: 当面、传真、网络、信函). The receipt-date rule differs per channel (rules.md §2). */
export enum CaseChannel {
  COUNTER = 'counter',
  FAX = 'fax',
  WEB = 'web',
  LETTER_REGISTERED = 'letter_registered',
  LETTER_ORDINARY = 'letter_ordinary',
}

export const CASE_CHANNEL_LABELS: Record<CaseChannel, string> = {
  [CaseChannel.COUNTER]: '当面',
  [CaseChannel.FAX]: '传真',
  [CaseChannel.WEB]: '网络',
  [CaseChannel.LETTER_REGISTERED]: '信函（挂号/EMS）',
  [CaseChannel.LETTER_ORDINARY]: '信函（平信）',
};
