import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';
import { REGULATION_IN_FORCE_FROM_LABEL } from '../../common/statutory-limits.js';

/** Intake: the public status lookup, applicant identity, receipt-date facts and uploads. */
export const INTAKE_ERROR_CODES = {
  module: 'intake',
  errors: {
    APPLICATION_NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '申请编号或查询码不正确' },
  },
  fields: {
    // applicant identity (条例第二十九条第二款第（一）项: 申请人的姓名或者名称、身份证明、联系方式)
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
    // receipt-date facts (条例第三十一条)
    INVALID_DATETIME: '时间格式应为ISO 8601，如2026-03-07T10:15:00+08:00',
    DATE_BEFORE_SUBMISSION: '确认（或恢复联络）日期不能早于提交或收到日期',
    DATE_BEFORE_REGULATION: `日期不能早于${REGULATION_IN_FORCE_FROM_LABEL}（《政府信息公开条例》施行之日）`,
    CHANNEL_MISMATCH: '此项渠道证据与申请渠道（channel）不一致',
    // application text and retries
    UNPRINTABLE_CHARACTER: '只含不可见字符，请填写文字',
    IDEMPOTENCY_KEY_WEAK: '未登录提交时，幂等键须为随机生成的UUID，或至少22位随机的字母、数字、-、_',
    IDEMPOTENCY_KEY_REUSED: '该幂等键已用于内容不同的申请',
    // uploads
    ATTACHMENT_EMPTY: '文件为空',
    ATTACHMENT_TOO_LARGE: '文件大小超过上限',
    ATTACHMENT_TYPE_NOT_ALLOWED: '仅支持PDF、JPEG、PNG、TIFF格式的文件',
    ATTACHMENT_TYPE_MISMATCH: '文件内容与声明的文件类型或扩展名不符',
    ATTACHMENT_ACTIVE_CONTENT: 'PDF中含有脚本、嵌入文件或启动程序等活动内容，请另存为普通PDF（如“打印为PDF”）后再上传',
    ATTACHMENT_IMAGE_TOO_LARGE: '图片像素尺寸过大或无法读取，请降低分辨率后再上传',
    ATTACHMENT_UNAVAILABLE: '附件不存在、已用于其他申请或不是由您上传',
  },
} as const satisfies ModuleErrorTable;
