import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AttachmentPurpose } from '../attachments/domain/attachment.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { type Actor, CasesService, type ImportedCaseSpec } from '../cases/cases.service.js';
import type { CaseEventCommandDto } from '../cases/dto/case-event-commands.dto.js';
import { OutsideCalendarError } from '../deadlines/domain/index.js';
import { restoreCaseSnapshot } from '../cases/workflow/case-workflow.js';
import { UsersRepository } from '../users/users.repository.js';
import { eventFieldPath, externalIdOf, foreignEventFields, recordSha256 } from './import-file.js';
import type { ImportLineError } from './import-job.entity.js';
import { ImportedCaseRecordDto, type ImportedEventDto } from './import-record.dto.js';
import { ImportsRepository } from './imports.repository.js';

/** Why a line was not imported; thrown inside the case's transaction, so nothing of the line is stored. */
class RecordError extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type LineOutcome =
  | { outcome: 'CREATED' | 'UNCHANGED'; externalId: string; caseId: string; trackingNumber: string }
  | { outcome: 'FAILED'; errors: Omit<ImportLineError, 'line'>[] };

const pipe = createValidationPipe();
const PG_UNIQUE_VIOLATION = '23505';

/**
 * Imports one record (one line: one case) in ONE database transaction: the case row, its REGISTERED record and every
 * historical event replayed through the command pipeline — the statechart, the clock of 条例第三十三条 and the same
 * preparers as a live command, side effects in import mode (cases/commands/import-mode.ts). The deadline scanner
 * selects and locks committed case rows only, so it cannot see an imported case half-way: no lapse or reminder is
 * applied in the middle of a history. Any refusal rolls the whole record back.
 */
@Injectable()
export class CaseImportService {
  private readonly logger = new Logger('CaseImport');

  constructor(
    private readonly cases: CasesService,
    private readonly caseRows: CasesRepository,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
    private readonly attachments: AttachmentsService,
    private readonly imports: ImportsRepository,
    private readonly clock: Clock,
  ) {}

  async importRecord(importer: { id: string }, jobId: string, line: number, plain: Record<string, unknown>): Promise<LineOutcome> {
    const externalId = externalIdOf(plain);
    let record: ImportedCaseRecordDto;
    try {
      record = (await pipe.transform(plain, { type: 'body', metatype: ImportedCaseRecordDto })) as ImportedCaseRecordDto;
    } catch (e) {
      if (e instanceof AppException && e.errors?.length) return failed(externalId, e.errors.map((x) => ({ field: x.field, code: x.code, message: x.message })));
      if (e instanceof AppException) return failed(externalId, [{ field: '', code: e.code, message: e.message }]);
      throw e;
    }
    const foreign = foreignEventFields(plain.events as Record<string, unknown>[]);
    if (foreign.length) return failed(externalId, foreign.map((f) => ({ field: f.field, code: 'UNKNOWN_FIELD', message: `${f.type} 事件没有这一字段` })));
    const agency = await this.agencies.findByCode(record.agency);
    if (!agency) return failed(externalId, [{ field: 'agency', code: 'NOT_FOUND', message: `没有代码为 ${record.agency} 的机关` }]);
    const sha256 = recordSha256(plain);
    const earlier = await this.imports.findImported(agency.id, record.externalId);
    if (earlier) return this.rerun(earlier, sha256, record.externalId);
    try {
      const row = await this.caseRows.transaction((em) => this.replay(em, importer, jobId, line, agency, record, sha256));
      return { outcome: 'CREATED', externalId: record.externalId, caseId: row.id, trackingNumber: row.trackingNumber };
    } catch (e) {
      if (e instanceof RecordError) return failed(record.externalId, [{ field: e.field, code: e.code, message: e.message }]);
      // Two uploads of the same file at once: the second finds the first's case once it committed.
      if (isUniqueViolation(e)) {
        const now = await this.imports.findImported(agency.id, record.externalId);
        if (now) return this.rerun(now, sha256, record.externalId);
        return failed(record.externalId, [{ field: 'trackingNumber', code: 'TRACKING_NUMBER_TAKEN', message: '该受理编号已被其他案件使用' }]);
      }
      throw e;
    }
  }

  /** A record imported before: unchanged when it is the same record, refused when the id now carries another. */
  private async rerun(earlier: { caseId: string; recordSha256: string }, sha256: string, externalId: string): Promise<LineOutcome> {
    if (earlier.recordSha256 !== sha256) {
      return failed(externalId, [{ field: 'externalId', code: 'ALREADY_IMPORTED', message: '该外部编号的案件已经导入，且内容与本行不同；导入不修改已导入的案件' }]);
    }
    const row = await this.caseRows.findById(earlier.caseId);
    return { outcome: 'UNCHANGED', externalId, caseId: earlier.caseId, trackingNumber: row?.trackingNumber ?? '' };
  }

  private async replay(em: EntityManager, importer: { id: string }, jobId: string, line: number, agency: AgencyEntity, record: ImportedCaseRecordDto, sha256: string): Promise<CaseEntity> {
    if (record.trackingNumber && (await this.caseRows.findByTrackingNumber(record.trackingNumber))) {
      throw new RecordError('trackingNumber', 'TRACKING_NUMBER_TAKEN', '该受理编号已被其他案件使用');
    }
    if (record.receiptDate > this.clock.today()) throw new RecordError('receiptDate', 'DATE_IN_FUTURE', '收到申请之日不能晚于今天');
    const assigneeId = record.assignee ? await this.handlerOf(agency.id, record.assignee, 'assignee') : null;
    const importedAt = this.clock.now().toISOString();
    const opened = await this.openCase(em, {
      agency: { id: agency.id, code: agency.code, settings: agency.settings },
      receiptDate: record.receiptDate,
      trackingNumber: record.trackingNumber ?? null,
      actor: { id: importer.id, role: Role.ADMIN },
      fields: {
        channel: record.channel,
        applicantName: record.applicant.name,
        // The category has its own column (表三); the rest is the applicant as the case page shows it.
        applicant: withoutCategory(record.applicant),
        applicantCategory: record.applicant.category,
        requestTitle: record.request.title ?? null,
        requestDescription: record.request.description,
        requestDocumentNumber: record.request.documentNumber ?? null,
        receiptBasis: `历史导入：收到申请之日按原记录（外部编号 ${record.externalId}）`,
        intake: { imported: true },
        assigneeId,
        createdById: importer.id,
        imported: { jobId, externalId: record.externalId, line, importedAt },
      },
      registrationRecord: { channel: record.channel, imported: { jobId, externalId: record.externalId, line } },
    });
    await this.imports.insertImported(em, { agencyId: agency.id, externalId: record.externalId, caseId: opened.id, recordSha256: sha256, jobId, line });
    const row = (await this.caseRows.lockById(em, opened.id))!;
    for (const [i, event] of record.events.entries()) {
      await this.applyEvent(em, importer, jobId, line, row, event, i);
    }
    return row;
  }

  /** 条例第三十三条 counts working days: a receipt date the working calendar does not cover cannot be imported. */
  private async openCase(em: EntityManager, spec: ImportedCaseSpec): Promise<CaseEntity> {
    try {
      return await this.cases.openImportedCase(em, spec);
    } catch (e) {
      if (e instanceof OutsideCalendarError) throw new RecordError('receiptDate', 'DATE_OUTSIDE_CALENDAR', `日期超出工作日历的范围（${e.firstDate}至${e.lastDate}）`);
      throw e;
    }
  }

  private async applyEvent(em: EntityManager, importer: { id: string }, jobId: string, line: number, row: CaseEntity, event: ImportedEventDto, i: number): Promise<void> {
    const { command, facts, actor } = await this.commandOf(em, importer, row, event, i);
    const dto = { ...command, type: event.type, effectiveDate: event.date, reason: event.note ? `历史导入：${event.note}` : '历史导入' } as CaseEventCommandDto;
    let clock;
    try {
      clock = await this.cases.applyImportedEvent(em, row, actor, dto, event.date, { ...facts, imported: { jobId, line } });
    } catch (e) {
      if (e instanceof OutsideCalendarError) throw new RecordError(`events.${i}.date`, 'DATE_OUTSIDE_CALENDAR', `日期超出工作日历的范围（${e.firstDate}至${e.lastDate}）`);
      if (!(e instanceof AppException) || e.status >= 500) throw e;
      const first = e.errors?.[0];
      throw new RecordError(eventFieldPath(i, first?.field), first?.code ?? e.code, first?.message ?? e.message);
    }
    // 条例第三十三条: the due date the old records state after this event must be the one the clock derives.
    if (event.dueDate !== undefined && (clock?.dueDate ?? null) !== event.dueDate) {
      throw new RecordError(`events.${i}.dueDate`, 'DUE_DATE_MISMATCH', `按条例第三十三条和工作日历计算，此事件后的答复期限为${clock?.dueDate ?? '（不计时）'}，与记录的${event.dueDate}不符`);
    }
  }

  /** The live command an imported event stands for, the original act's facts, and who is recorded as acting. */
  private async commandOf(em: EntityManager, importer: { id: string }, row: CaseEntity, e: ImportedEventDto, i: number): Promise<{ command: Record<string, unknown>; facts: Record<string, unknown>; actor: Actor }> {
    // The statechart checks the role an act needs (条例第三十三条: the office head approves); the importer records it.
    const officer: Actor = { id: importer.id, role: Role.OFFICER };
    const head: Actor = { id: importer.id, role: Role.OFFICE_HEAD };
    const plain = { command: {}, facts: {}, actor: officer };
    switch (e.type) {
      case 'REQUEST_CORRECTION':
        return { ...plain, command: { purpose: e.purpose, items: e.items } };
      case 'CONSULT_THIRD_PARTY':
        return { ...plain, command: { party: e.party, partyName: e.partyName } };
      case 'RECEIVE_THIRD_PARTY_OPINION':
      case 'THIRD_PARTY_LAPSED':
        return { ...plain, command: { consultationId: await this.openConsultation(em, row, e.partyName, i), ...(e.position ? { position: e.position } : {}) } };
      case 'SEND_FEE_NOTICE':
        return { ...plain, command: { basis: e.basis, pages: e.pages, ...(e.amountYuan !== undefined ? { amountYuan: e.amountYuan, overrideReason: '历史导入：原收费通知的金额' } : {}) } };
      case 'APPROVE_EXTENSION':
        return { ...plain, actor: head, command: { workdays: e.workdays, grounds: e.grounds } };
      case 'DEFER':
        return { ...plain, command: { until: e.until, grounds: e.grounds } };
      case 'REFER_TO_LEGAL': {
        const advisorIds: string[] = [];
        for (const [j, email] of (e.advisors ?? []).entries()) advisorIds.push(await this.advisorOf(row.agencyId, email, `events.${i}.advisors.${j}`));
        return { ...plain, command: { advisorIds, question: e.question, difficult: e.difficult } };
      }
      case 'SUBMIT_LEGAL_OPINION': {
        const referral = await this.pendingReferral(em, row, e.advisor, i);
        return { ...plain, actor: { id: referral.advisorId, role: Role.LEGAL_ADVISOR }, command: { referralId: referral.referralId, opinion: e.opinion, text: e.text } };
      }
      case 'START_DRAFT':
        return { ...plain, command: { replyType: e.replyType, blanks: e.earlierTrackingNumber ? { earlierCaseTrackingNumber: e.earlierTrackingNumber } : {} } };
      case 'APPROVE_REPLY':
        return { ...plain, actor: head, facts: { originalDocumentNumber: e.documentNumber, ...(e.pdfBase64 ? { originalPdf: await this.storePdf(em, importer, row, e, i) } : {}) } };
      case 'DELIVER_REPLY':
        return { ...plain, command: { method: e.method, ...(e.waybillNumber ? { waybillNumber: e.waybillNumber } : {}) }, facts: { importedDelivery: true } };
      case 'CLOSE':
        return { ...plain, command: { closeReason: e.closeReason } };
      case 'RECORD_REMEDY':
        if (e.decidedOn && e.decidedOn > e.date) throw new RecordError(`events.${i}.decidedOn`, 'AFTER_EVENT_DATE', '决定或裁判之日不能晚于登记日期');
        if (e.decidedOn && e.appliedOn && e.decidedOn < e.appliedOn) throw new RecordError(`events.${i}.decidedOn`, 'BEFORE_APPLIED', '决定或裁判之日不能早于申请复议或起诉之日');
        return {
          ...plain,
          command: { kind: e.kind, body: e.body, appliedOn: e.appliedOn, afterReconsideration: e.afterReconsideration, outcome: e.outcome, correction: e.correction, decidedOn: e.decidedOn },
        };
      default:
        return plain;
    }
  }

  /** The reply's original PDF joins the case's attachments (checked as any upload: type by content, size). */
  private async storePdf(em: EntityManager, importer: { id: string }, row: CaseEntity, e: ImportedEventDto, i: number): Promise<Record<string, unknown>> {
    const bytes = Buffer.from(e.pdfBase64!, 'base64');
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new RecordError(`events.${i}.pdfBase64`, 'NOT_A_PDF', '答复书文件应为 PDF');
    try {
      const stored = await this.attachments.store(bytes, `${row.trackingNumber}-答复书.pdf`, 'application/pdf', AttachmentPurpose.OTHER, { manager: em, caseId: row.id, uploadedById: importer.id, field: `events.${i}.pdfBase64` });
      return { attachmentId: stored.id, sha256: stored.sha256, byteSize: stored.byteSize };
    } catch (err) {
      if (err instanceof AppException && err.status < 500) {
        const first = err.errors?.[0];
        throw new RecordError(`events.${i}.pdfBase64`, first?.code ?? err.code, first?.message ?? err.message);
      }
      throw err;
    }
  }

  /** An active officer or office head of the agency, by e-mail. */
  private async handlerOf(agencyId: string, email: string, field: string): Promise<string> {
    const u = await this.users.findByEmail(email);
    if (!u || !u.active || u.agencyId !== agencyId || (u.role !== Role.OFFICER && u.role !== Role.OFFICE_HEAD)) {
      throw new RecordError(field, 'NOT_A_HANDLER', '应为本机关在岗的承办人或负责人的登录邮箱');
    }
    return u.id;
  }

  /** A legal advisor of the agency, by e-mail (会商). */
  private async advisorOf(agencyId: string, email: string, field: string): Promise<string> {
    const u = await this.users.findByEmail(email);
    if (!u || u.agencyId !== agencyId || u.role !== Role.LEGAL_ADVISOR) throw new RecordError(field, 'NOT_AN_ADVISOR', '应为本机关法律顾问的登录邮箱');
    return u.id;
  }

  /** The open consultation an opinion or lapse ends: the one with that party, or the earliest still open. */
  private async openConsultation(em: EntityManager, row: CaseEntity, partyName: string | undefined, i: number): Promise<string> {
    const open = restoreCaseSnapshot(row.workflowSnapshot, row.workflowVersion).context.openConsultations;
    const events = await this.caseRows.events(row.id, em);
    const party = new Map(events.filter((x) => x.type === 'CONSULT_THIRD_PARTY').map((x) => [String(x.payload.consultationId), String(x.payload.partyName ?? '')]));
    const id = partyName === undefined ? open[0] : open.find((c) => party.get(c) === partyName);
    if (!id) throw new RecordError(`events.${i}.${partyName === undefined ? 'type' : 'partyName'}`, 'NO_OPEN_CONSULTATION', partyName === undefined ? '本案此时没有未结束的征求意见' : `本案此时没有向“${partyName}”征求意见`);
    return id;
  }

  /** The pending referral an opinion answers: the named advisor's, or the only one pending. */
  private async pendingReferral(em: EntityManager, row: CaseEntity, advisorEmail: string | undefined, i: number): Promise<{ referralId: string; advisorId: string }> {
    const pending = new Set(restoreCaseSnapshot(row.workflowSnapshot, row.workflowVersion).context.pendingReferrals);
    const events = await this.caseRows.events(row.id, em);
    const referrals = events
      .filter((x) => x.type === 'REFER_TO_LEGAL')
      .flatMap((x) => (Array.isArray(x.payload.referrals) ? (x.payload.referrals as { referralId: string; advisorId: string }[]) : []))
      .filter((r) => pending.has(r.referralId));
    if (advisorEmail !== undefined) {
      const advisorId = await this.advisorOf(row.agencyId, advisorEmail, `events.${i}.advisor`);
      const r = referrals.find((x) => x.advisorId === advisorId);
      if (!r) throw new RecordError(`events.${i}.advisor`, 'NO_PENDING_REFERRAL', '本案此时没有提请该法律顾问会商');
      return r;
    }
    if (referrals.length !== 1) {
      throw new RecordError(`events.${i}.advisor`, referrals.length ? 'REQUIRED' : 'NO_PENDING_REFERRAL', referrals.length ? '本案有多项会商未答复，请写明法律顾问的登录邮箱' : '本案此时没有未答复的会商');
    }
    return referrals[0]!;
  }

  /** A line that failed for a reason nobody foresaw: reported on the line, logged with its stack. */
  internalFailure(externalId: string | null, e: unknown): LineOutcome {
    this.logger.error(e, 'import of a record failed');
    return failed(externalId, [{ field: '', code: 'IMPORT_FAILED', message: '导入该行时发生内部错误，未导入；请稍后重新导入该文件' }]);
  }
}

function failed(externalId: string | null, errors: Omit<ImportLineError, 'line' | 'externalId'>[]): LineOutcome {
  return { outcome: 'FAILED', errors: errors.map((e) => ({ ...e, externalId })) };
}

function withoutCategory({ category: _category, ...applicant }: ImportedCaseRecordDto['applicant']): Record<string, unknown> {
  return { ...applicant };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === PG_UNIQUE_VIOLATION;
}
