import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseChannel } from '../case-channel.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../workflow/case-event.js';
import { CASE_STATUSES, type CaseStatus } from '../workflow/case-status.js';

export class ExplanationLineDto {
  @ApiProperty({ example: 'BASE_PERIOD' }) code: string;
  @ApiProperty({ example: '收到申请之日为2026-03-02（不计入期限），自次日起计算20个工作日' }) text: string;
  @ApiPropertyOptional({ example: '《政府信息公开条例》第三十三条第二款' }) rule?: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() workdays?: number;
}

export class ClockPauseDto {
  @ApiProperty({ enum: ['CORRECTION', 'THIRD_PARTY', 'CO_PRODUCING_AGENCY', 'FEE'] }) reason: string;
  @ApiProperty({ example: '2026-03-05' }) from: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) to: string | null;
  @ApiProperty() excludedWorkdays: number;
  @ApiPropertyOptional() consultationId?: string;
}

export class ClockExtensionDto {
  @ApiProperty({ example: 20 }) workdays: number;
  @ApiPropertyOptional() approvedBy?: string;
  @ApiProperty({ example: '2026-03-20' }) approvedOn: string;
}

export class ClockWarningDto {
  @ApiProperty({ example: 'REPLY_DUE_IN_5' }) code: string;
  @ApiProperty({ example: '2026-03-23' }) date: string;
}

export class ClockDeadlineDto {
  @ApiProperty({ enum: ['CORRECTION_NOTICE', 'CORRECTION_WINDOW', 'THIRD_PARTY', 'FEE_PAYMENT', 'EXTENSION', 'REPLY'] }) kind: string;
  @ApiProperty({ format: 'date', example: '2026-03-11', description: '期限届满日' }) date: string;
  @ApiProperty({ example: '《政府信息公开条例》第三十条' }) rule: string;
  @ApiPropertyOptional({ format: 'uuid' }) consultationId?: string;
  @ApiPropertyOptional({ format: 'date', description: '按期完成之日' }) metOn?: string;
  @ApiPropertyOptional({ description: '逾期（期限届满未完成，或晚于期限完成）' }) missed?: boolean;
  @ApiPropertyOptional({ format: 'date', description: '确定按期或逾期之日' }) settledOn?: string;
}

/** The statutory clock (rules.md §3). Every date can explain itself. */
export class CaseClockDto {
  @ApiProperty({ enum: ['running', 'paused', 'deferred', 'stopped', 'overdue'] }) state: string;
  @ApiProperty({ example: '2026-03-02', description: '计算期限的起点（收件日或收到补正之日）' }) baseDate: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-30' }) dueDate: string | null;
  @ApiProperty({ example: 20 }) totalWorkdays: number;
  @ApiProperty() workdaysUsed: number;
  @ApiProperty() workdaysRemaining: number;
  @ApiProperty({ type: [ClockPauseDto] }) pauses: ClockPauseDto[];
  @ApiPropertyOptional({ type: ClockExtensionDto, nullable: true }) extension: ClockExtensionDto | null;
  @ApiPropertyOptional() deferredUntil?: string;
  @ApiPropertyOptional({ description: '补正告知最迟发出日（收件后第7个工作日）' }) correctionNoticeDeadline?: string;
  @ApiPropertyOptional({ description: '补正期限届满日' }) correctionWindowEnds?: string;
  @ApiPropertyOptional({ description: '第三方意见期限届满日' }) thirdPartyDeadline?: string;
  @ApiPropertyOptional({ description: '缴费期限届满日' }) feeDeadline?: string;
  @ApiPropertyOptional() stoppedOn?: string;
  @ApiPropertyOptional({ description: '送达晚于答复期限' }) late?: boolean;
  @ApiProperty({ description: '期限依赖尚未公布放假安排的年份（临时日历）' }) provisional: boolean;
  @ApiProperty({ type: [Number] }) provisionalYears: number[];
  @ApiProperty({ type: [ClockWarningDto] }) warnings: ClockWarningDto[];
  @ApiPropertyOptional({ type: [ClockDeadlineDto], description: '案件曾有的全部期限及其是否按期完成（列表中不提供）' }) deadlines?: ClockDeadlineDto[];
  @ApiPropertyOptional({ type: [ExplanationLineDto] }) explanation?: ExplanationLineDto[];
}

export class OpenConsultationDto {
  @ApiProperty({ format: 'uuid' }) consultationId: string;
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SLXZR-2026-000001' }) trackingNumber: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ enum: CaseChannel }) channel: CaseChannel;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-03-02', nullable: true, description: '收到申请之日；待确认收到时为空' }) receiptDate: string | null;
  @ApiProperty({ example: '张三' }) applicantName: string;
  @ApiProperty() requestDescription: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2025年某镇土地征收补偿安置方案' }) requestTitle?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '示政发〔2025〕3号' }) requestDocumentNumber?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '申请人（证件号码仅显示脱敏值）' }) applicant?: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'NATURAL_PERSON', description: '年度报告申请人类别' }) applicantCategory?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '获取信息的方式' }) delivery?: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: '提交或到达时间' }) submittedAt?: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '收到申请之日的确定依据' }) receiptBasis?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: '改定收件日期的记录' }) receiptOverride?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: '渠道证据（工作人员可见）' }) intake?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [Object], description: '重复申请、申请量提示（工作人员可见，不影响受理）' }) hints?: unknown[];
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ example: '已受理（检索中）' }) statusLabel: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-30' }) dueDate: string | null;
  @ApiProperty() dueDateProvisional: boolean;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiPropertyOptional({ type: CaseClockDto, nullable: true, description: '待确认收到时尚未开始计时（null）' }) clock: CaseClockDto | null;
  @ApiProperty({ type: [String], description: '尚未答复的征求意见编号' }) openConsultations: string[];
  @ApiProperty({ type: [String], description: '尚未答复的法律顾问会商编号' }) pendingReferrals: string[];
  @ApiProperty({ enum: CASE_EVENT_TYPES, isArray: true, description: '当前用户今天可以提交的事件' }) allowedEvents: CaseEventType[];
  @ApiProperty({ example: 3, description: '版本号；提交事件时可作为 expectedVersion' }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: '历史导入的案件：导入批次、外部编号、行号和导入时间；系统内登记的案件为空' })
  imported?: { jobId: string; externalId: string; line: number; importedAt: string } | null;
}

/** The answer to an officer's registration: the case, and the applicant's query code, shown this once. */
export class RegisteredCaseDto extends CaseDto {
  @ApiProperty({ example: 'K7MP-3QXW-9RTA', description: '查询码：仅在登记时返回一次（只存散列），请交给申请人，用于凭申请编号查询办理进度' })
  queryCode: string;
}

export class CaseEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 2 }) seq: number;
  @ApiProperty({ example: 'ACCEPT' }) type: string;
  @ApiProperty({ example: '2026-03-03' }) effectiveDate: string;
  @ApiProperty({ example: '2026-03-03T01:23:45.678Z' }) recordedAt: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'OFFICER' }) actorRole: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ description: '补录（生效日期早于记录日期）' }) backDated: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) prevHash: string | null;
  @ApiProperty({ example: 'e3b0c442…' }) hash: string;
}

/** The queue's view of the clock: only what the case row stores, so it agrees with the detail; the rest is there. */
export class CaseClockSummaryDto {
  @ApiProperty({ enum: ['not_started', 'running', 'paused', 'deferred', 'stopped', 'overdue'] }) state: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', example: '2026-03-30' }) dueDate: string | null;
  @ApiProperty({ description: '期限依赖尚未公布放假安排的年份（临时日历）' }) provisional: boolean;
}

/**
 * One row of the queue (GET /cases). Projected from the stored columns only, with no per-row query: the clock's
 * totals, pauses, extension, deadlines, open consultations, pending referrals and allowed events are left out
 * rather than shown wrong; GET /cases/{id} has them.
 */
export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SLXZR-2026-000001' }) trackingNumber: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ enum: CaseChannel }) channel: CaseChannel;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-03-02', nullable: true }) receiptDate: string | null;
  @ApiProperty({ example: '张三' }) applicantName: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2025年某镇土地征收补偿安置方案' }) requestTitle: string | null;
  @ApiProperty() requestDescription: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ example: '已受理（检索中）' }) statusLabel: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-30' }) dueDate: string | null;
  @ApiProperty() dueDateProvisional: boolean;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiPropertyOptional({ type: CaseClockSummaryDto, nullable: true, description: '待确认收到时为空' }) clock: CaseClockSummaryDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items: CaseSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: '下一页游标' }) nextCursor: string | null;
}

export class ChainProblemDto {
  @ApiProperty() seq: number;
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: ['HASH_MISMATCH', 'BROKEN_LINK', 'SEQUENCE_GAP', 'HEAD_MISMATCH'] }) problem: string;
}

export class ChainVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastHash: string | null;
  @ApiProperty({ type: [ChainProblemDto] }) problems: ChainProblemDto[];
}
