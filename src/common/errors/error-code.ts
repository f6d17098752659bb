import { HttpStatus } from '@nestjs/common';

/**
 * Stable English error codes. One table maps each to its HTTP status and the Chinese message shown to users.
 * Clients branch on `code`, never on `message`.
 */
export const ERROR_TABLE = {
  VALIDATION_FAILED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '提交的内容未通过校验，请按提示修改' },
  MALFORMED_REQUEST: { status: HttpStatus.BAD_REQUEST, message: '请求格式错误，无法解析' },
  PAYLOAD_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: '不支持的内容类型' },
  UNAUTHENTICATED: { status: HttpStatus.UNAUTHORIZED, message: '请先登录' },
  INVALID_CREDENTIALS: { status: HttpStatus.UNAUTHORIZED, message: '账号或密码错误' },
  INVALID_REFRESH_TOKEN: { status: HttpStatus.UNAUTHORIZED, message: '登录已失效，请重新登录' },
  LOGIN_THROTTLED: { status: HttpStatus.TOO_MANY_REQUESTS, message: '密码错误次数过多，请稍后再试' },
  ACCOUNT_DISABLED: { status: HttpStatus.FORBIDDEN, message: '账号已停用' },
  FORBIDDEN: { status: HttpStatus.FORBIDDEN, message: '无权执行此操作' },
  NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '未找到请求的资源' },
  APPLICATION_NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '申请编号或查询码不正确' },
  ROUTE_NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '接口不存在' },
  METHOD_NOT_ALLOWED: { status: HttpStatus.METHOD_NOT_ALLOWED, message: '不支持的请求方法' },
  CONFLICT: { status: HttpStatus.CONFLICT, message: '操作与当前状态冲突，请刷新后重试' },
  EVENT_NOT_ALLOWED: { status: HttpStatus.CONFLICT, message: '案件当前状态不允许此操作' },
  CASE_RULE_VIOLATION: { status: HttpStatus.CONFLICT, message: '不符合办理规则' },
  CLOCK_NOT_STARTED: { status: HttpStatus.CONFLICT, message: '尚未确认收到申请，答复期限尚未开始计算' },
  LEGAL_OPINION_REQUIRED: { status: HttpStatus.CONFLICT, message: '此答复须经法律顾问同意后方可审批' },
  NO_DRAFT: { status: HttpStatus.CONFLICT, message: '尚未起草答复' },
  NO_ISSUED_REPLY: { status: HttpStatus.CONFLICT, message: '答复书尚未签发' },
  STALE_VERSION: { status: HttpStatus.CONFLICT, message: '案件已被他人更新，请刷新后重试' },
  EMAIL_TAKEN: { status: HttpStatus.CONFLICT, message: '该电子邮箱已注册' },
  AGENCY_CODE_TAKEN: { status: HttpStatus.CONFLICT, message: '机关代码已被使用' },
  AGENCY_PARENT_INVALID: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '上级机关无效（不存在或会形成循环）' },
  AGENCY_REQUIRED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '工作人员必须属于一个机关' },
  DOCUMENT_GLYPHS_MISSING: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '文书中有字库无法显示的汉字，请联系管理员配置补充字体后再生成' },
  STORED_FILE_CORRUPTED: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '存档文件校验失败（与登记的SHA-256不一致），已记录并通知管理员' },
  REPORT_CHECKS_FAILED: { status: HttpStatus.CONFLICT, message: '年度报告未通过校验，请先更正相关案件或说明原因' },
  REPORT_ALREADY_PUBLISHED: { status: HttpStatus.CONFLICT, message: '该年度报告已发布，不能重复发布' },
  RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS, message: '请求过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '系统内部错误，请联系管理员并提供请求编号' },
  SERVICE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: '服务暂不可用' },
  DATABASE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: '数据库暂时不可用，本次请求未被处理，请稍后重试' },
} as const satisfies Record<string, { status: HttpStatus; message: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Field-level validation codes with their Chinese messages (`errors[].code`). */
export const FIELD_ERROR_MESSAGES: Record<string, string> = {
  REQUIRED: '必填',
  UNKNOWN_FIELD: '不允许的字段',
  INVALID_TYPE: '类型不正确',
  INVALID_FORMAT: '格式不正确',
  INVALID_EMAIL: '电子邮箱格式不正确',
  INVALID_DATE: '日期格式应为YYYY-MM-DD且为有效日期',
  DATE_IN_FUTURE: '日期不能晚于今天',
  INVALID_ENUM: '取值不在允许范围内',
  TOO_SHORT: '长度不足',
  TOO_LONG: '长度超出限制',
  TOO_SMALL: '数值过小',
  TOO_LARGE: '数值过大',
  INVALID_UUID: '编号格式不正确',
  WEAK_PASSWORD: '密码至少10位，且需包含字母和数字',
  // intake: applicant identity (条例第二十九条; rules.md §8)
  INVALID_RESIDENT_ID: '居民身份证号码应为18位：17位数字加1位数字或X',
  INVALID_ID_REGION_CODE: '证件号码前6位的地区码不正确',
  INVALID_ID_BIRTH_DATE: '证件号码中的出生日期无效或晚于今天',
  INVALID_ID_CHECKSUM: '证件号码校验位不正确，请核对后重新填写',
  INVALID_RESIDENCE_PERMIT: '港澳台居民居住证号码应为18位，以810000、820000或830000开头',
  INVALID_PASSPORT_NUMBER: '护照号码应为5至17位字母或数字',
  INVALID_HK_MACAO_PERMIT: '港澳居民来往内地通行证号码应为H或M加8位（旧版10位）数字',
  INVALID_TAIWAN_PERMIT: '台湾居民来往大陆通行证号码应为8位数字（旧版为10位数字加校验字母）',
  INVALID_FOREIGN_PERMANENT_RESIDENT_ID: '外国人永久居留身份证号码应为3位字母加12位数字，或以9开头的18位号码',
  INVALID_ID_NUMBER: '证件号码格式不正确',
  INVALID_CREDIT_CODE: '统一社会信用代码应为18位，由数字和大写字母组成（不含I、O、Z、S、V）',
  INVALID_CREDIT_CODE_CHECKSUM: '统一社会信用代码校验位不正确，请核对后重新填写',
  INVALID_PHONE: '电话号码格式不正确：手机号码为11位，固定电话须带区号（如010-12345678）',
  INVALID_MOBILE: '手机号码应为11位，以13至19开头',
  INVALID_POSTAL_CODE: '邮政编码应为6位数字',
  // intake: receipt-date facts (条例第三十一条; rules.md §2)
  INVALID_DATETIME: '时间格式应为ISO 8601，如2026-03-07T10:15:00+08:00',
  DATE_BEFORE_SUBMISSION: '确认（或恢复联络）日期不能早于提交或收到日期',
  DATE_OUT_OF_RANGE: '日期不能早于2008年5月1日（《政府信息公开条例》施行之日）',
  CHANNEL_MISMATCH: '此项渠道证据与申请渠道（channel）不一致',
  // intake: attachments
  ATTACHMENT_EMPTY: '文件为空',
  ATTACHMENT_TOO_LARGE: '文件大小超过上限',
  ATTACHMENT_TYPE_NOT_ALLOWED: '仅支持PDF、JPEG、PNG、TIFF格式的文件',
  ATTACHMENT_TYPE_MISMATCH: '文件内容与声明的文件类型或扩展名不符',
  ATTACHMENT_ACTIVE_CONTENT: 'PDF中含有脚本、嵌入文件或启动程序等活动内容，请另存为普通PDF（如“打印为PDF”）后再上传',
  ATTACHMENT_IMAGE_TOO_LARGE: '图片像素尺寸过大或无法读取，请降低分辨率后再上传',
  ATTACHMENT_UNAVAILABLE: '附件不存在、已用于其他申请或不是由您上传',
  // documents: a character no configured font can draw (DOCUMENT_FONT_FALLBACKS)
  GLYPH_MISSING: '字库缺少该字符，无法印制',
  INVALID: '取值无效',
};

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
  correlationId: string;
}
