import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** Issued documents and stored files. */
export const DOCUMENTS_ERROR_CODES = {
  module: 'documents',
  errors: {
    DOCUMENT_GLYPHS_MISSING: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '文书中有字库无法显示的汉字，请联系管理员配置补充字体后再生成' },
    STORED_FILE_CORRUPTED: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '存档文件校验失败（与登记的SHA-256不一致），已记录并通知管理员' },
  },
  fields: {
    // A character no configured font can draw (DOCUMENT_FONT_FALLBACKS).
    GLYPH_MISSING: '字库缺少该字符，无法印制',
  },
} as const satisfies ModuleErrorTable;
