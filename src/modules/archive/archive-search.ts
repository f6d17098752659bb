import { PassThrough, type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { queryTokens } from '../../common/text/search-text.js';
import { IsIsoDate } from '../../common/validation/iso-date.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { CaseChannel } from '../cases/case-channel.js';
import { caseScopeOf } from '../cases/case-scope.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../cases/workflow/case-status.js';
import { IdDocumentType } from '../intake/domain/identity.js';
import { deriveApplicantKey } from '../intake/domain/repeat-hints.js';
import { REPLY_TYPE_LABELS, REPLY_TYPES, type ReplyType } from '../letters/reply-type.js';
import { ArchiveSearchRepository, type SearchFilter, type SearchRow } from './archive-search.repository.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** The auditor's archive search (read-only, their agency subtree). Every filter is optional; all given must hold. */
export class ArchiveSearchQuery {
  @ApiPropertyOptional({ description: '收到申请之日，起' }) @IsOptional() @IsIsoDate() receivedFrom?: string;
  @ApiPropertyOptional({ description: '收到申请之日，止' }) @IsOptional() @IsIsoDate() receivedTo?: string;
  @ApiPropertyOptional({ description: '办结（答复送达、终止、撤回）之日，起' }) @IsOptional() @IsIsoDate() closedFrom?: string;
  @ApiPropertyOptional({ description: '办结之日，止' }) @IsOptional() @IsIsoDate() closedTo?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ enum: CaseChannel }) @IsOptional() @IsIn(Object.values(CaseChannel)) channel?: CaseChannel;
  @ApiPropertyOptional({ enum: Object.keys(CASE_STATUS_LABELS) }) @IsOptional() @IsIn(Object.keys(CASE_STATUS_LABELS)) status?: CaseStatus;
  @ApiPropertyOptional({ enum: REPLY_TYPES }) @IsOptional() @IsIn(REPLY_TYPES) replyType?: ReplyType;
  @ApiPropertyOptional({ description: '逾期答复或逾期未答复' }) @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: '经法律顾问会商' }) @IsOptional() @Transform(toBool) @IsBoolean() legalReview?: boolean;
  @ApiPropertyOptional({ description: '被申请行政复议或提起行政诉讼' }) @IsOptional() @Transform(toBool) @IsBoolean() remedy?: boolean;
  @ApiPropertyOptional({ description: '申请内容全文检索（结巴分词，所有词都须出现）', maxLength: 100 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: IdDocumentType, description: '申请人证件类型（与 applicantIdNumber 一起：按证件号的密钥哈希精确查找）' }) @IsOptional() @IsIn(Object.values(IdDocumentType)) applicantIdType?: IdDocumentType;
  @ApiPropertyOptional({ maxLength: 40 }) @IsOptional() @IsString() @Matches(/^[0-9A-Za-z-]{4,40}$/) applicantIdNumber?: string;
  @ApiPropertyOptional({ description: '申请人统一社会信用代码（按密钥哈希精确查找）' }) @IsOptional() @IsString() @Matches(/^[0-9A-Z]{18}$/) applicantCreditCode?: string;
  @ApiPropertyOptional({ description: '申请人姓名或名称（精确匹配）', maxLength: 100 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) applicantName?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '上一页最后一条的 id' }) @IsOptional() @IsUUID() after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
}

/** A search row as the auditor sees it: the row plus the status in words. */
export interface SearchItemDto extends SearchRow {
  statusLabel: string;
}

const CSV_HEADER = ['案件编号', '机关', '渠道', '状态', '收到申请之日', '办结之日', '答复类型', '逾期', '法律会商', '复议或诉讼', '申请内容'];

/** RFC 4180 field; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
const csvField = (v: string): string => {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

@Injectable()
export class ArchiveSearchService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly agencies: AgenciesRepository,
    private readonly repository: ArchiveSearchRepository,
  ) {}

  async search(user: AuthUser, query: ArchiveSearchQuery): Promise<{ items: SearchItemDto[]; nextCursor: string | null }> {
    const filter = await this.filterOf(user, query);
    if (!filter) return { items: [], nextCursor: null };
    const limit = query.limit ?? 50;
    const rows = await this.repository.search(filter, query.after ?? null, limit + 1);
    const page = rows.slice(0, limit);
    return { items: page.map(toItem), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  /** The whole result as CSV (UTF-8 with BOM for spreadsheets), streamed page by page. */
  async csv(user: AuthUser, query: ArchiveSearchQuery): Promise<Readable> {
    const filter = await this.filterOf(user, query);
    const out = new PassThrough();
    const agencyNames = new Map((await this.agencies.findAll()).map((a) => [a.id, a.name]));
    const write = (line: string[]) => out.write(`${line.map(csvField).join(',')}\r\n`);
    out.write('\ufeff');
    write(CSV_HEADER);
    void (async () => {
      let after: string | null = null;
      while (filter) {
        const rows = await this.repository.search(filter, after, 500);
        for (const r of rows.map(toItem)) {
          const ok = write([r.trackingNumber, agencyNames.get(r.agencyId) ?? r.agencyId, r.channel, r.statusLabel, r.receiptDate ?? '', r.closedOn ?? '', r.replyType ? (REPLY_TYPE_LABELS[r.replyType as ReplyType] ?? r.replyType) : '', r.overdue ? '是' : '否', r.legalReview ? '是' : '否', r.remedy ? '是' : '否', r.requestDescription]);
          if (!ok) await new Promise((resolve) => out.once('drain', resolve));
        }
        if (rows.length < 500) break;
        after = rows[rows.length - 1].id;
      }
      out.end();
    })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return out;
  }

  /** The ids of up to `max` cases the search finds, in its order (for the bulk export). */
  async caseIds(user: AuthUser, query: ArchiveSearchQuery, max: number): Promise<string[]> {
    const filter = await this.filterOf(user, query);
    const ids: string[] = [];
    let after: string | null = null;
    while (filter && ids.length < max) {
      const want = Math.min(500, max - ids.length);
      const rows = await this.repository.search(filter, after, want);
      ids.push(...rows.map((r) => r.id));
      if (rows.length < want) break;
      after = rows[rows.length - 1].id;
    }
    return ids;
  }

  private async filterOf(user: AuthUser, q: ArchiveSearchQuery): Promise<SearchFilter | null> {
    const scope = await caseScopeOf(user, (id) => this.agencies.findSubtreeIds(id));
    if (scope.kind !== 'all' && scope.kind !== 'agencies') return null;
    if (q.agencyId && scope.kind === 'agencies' && !scope.agencyIds.includes(q.agencyId)) return null;
    if ((q.applicantIdType === undefined) !== (q.applicantIdNumber === undefined)) {
      throw AppException.invalidField(q.applicantIdType ? 'applicantIdNumber' : 'applicantIdType', 'REQUIRED', '证件类型和证件号码须同时填写');
    }
    const secret = this.config.intake.queryCodeSecret;
    const applicantKey = q.applicantIdType
      ? deriveApplicantKey({ kind: 'PERSON', idType: q.applicantIdType, idNumber: q.applicantIdNumber! }, secret)
      : q.applicantCreditCode
        ? deriveApplicantKey({ kind: 'ORGANISATION', creditCode: q.applicantCreditCode }, secret)
        : null;
    // A query without a word (punctuation only) stays a condition and finds nothing, rather than everything.
    const tokens = q.q ? queryTokens(q.q) : [];
    if (q.q && tokens.length === 0) tokens.push(q.q.trim());
    return {
      agencyIds: scope.kind === 'agencies' ? (q.agencyId ? [q.agencyId] : scope.agencyIds) : q.agencyId ? [q.agencyId] : null,
      receivedFrom: q.receivedFrom ?? null,
      receivedTo: q.receivedTo ?? null,
      closedFrom: q.closedFrom ?? null,
      closedTo: q.closedTo ?? null,
      channel: q.channel ?? null,
      status: q.status ?? null,
      replyType: q.replyType ?? null,
      overdue: q.overdue ?? null,
      legalReview: q.legalReview ?? null,
      remedy: q.remedy ?? null,
      tokens,
      applicantKey,
      applicantName: q.applicantName?.normalize('NFC').trim() || null,
    };
  }
}

function toItem(r: SearchRow): SearchItemDto {
  return {
    id: r.id,
    trackingNumber: r.trackingNumber,
    agencyId: r.agencyId,
    channel: r.channel,
    status: r.status,
    statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus] ?? r.status,
    receiptDate: r.receiptDate,
    closedOn: r.closedOn,
    replyType: r.replyType,
    overdue: r.overdue,
    legalReview: r.legalReview,
    remedy: r.remedy,
    requestDescription: r.requestDescription,
  };
}
