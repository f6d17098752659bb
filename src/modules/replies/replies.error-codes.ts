import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** Replies and procedural documents: delivery proofs, decisions after a third party's opinion. */
export const REPLIES_ERROR_CODES = {
  module: 'replies',
  errors: {},
  fields: {
    BEFORE_ISSUE: '签收日期不能早于文书成文日期',
    // 条例第三十二条: the decision to disclose despite a third party's objection, told to that party in writing.
    NOT_A_THIRD_PARTY: '决定予以公开并书面告知仅适用于向第三方（条例第三十二条）征求的意见',
    REQUIRES_OBJECTION: '仅在第三方不同意公开（position=OBJECTION）时需要作出决定予以公开',
  },
} as const satisfies ModuleErrorTable;
