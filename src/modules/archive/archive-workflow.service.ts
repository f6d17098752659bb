import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { DEFAULT_AGENCY_SETTINGS } from '../agencies/agency-settings.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { verifyEventChain } from '../cases/event-chain.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { UserNotices } from '../notifications/notify-users.js';
import { BlobStorage } from '../storage/blob-storage.js';
import { type RemedyFields, RemedyRepository } from './archive.repository.js';
import { ArchiveService, type BundleDownload } from './archive.service.js';
import { RETENTION_YEARS_DEFAULT } from './case-file.js';
import { type LedgerProblem, LedgerService } from './ledger.service.js';
import { evidenceDeadline, REMEDY_KIND_LABELS, type RemedyKind } from './remedy.js';
import type { RemedyProceedingEntity } from './remedy-proceeding.entity.js';
import type { SweepRunEntity } from './sweep-run.entity.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

/** Days after delivery or closure before a case is archived automatically (agency setting `autoArchiveDays`). */
export const AUTO_ARCHIVE_DAYS_DEFAULT = DEFAULT_AGENCY_SETTINGS.autoArchiveDays;
/** Working days before the evidence deadline at which the reminder goes out. */
const REMINDER_WORKDAYS = 3;
const SWEEP_LOCK = 0x73776570; // 'swep'
const SWEEP_EVERY_MS = 24 * 3600 * 1000;
const CHAIN_PROBLEM_TEXT: Record<string, string> = { HASH_MISMATCH: '哈希与内容不符（被改动）', BROKEN_LINK: '与上一事件的链接断开', SEQUENCE_GAP: '序号不连续（有事件被删除）', HEAD_MISMATCH: '与案件记录的最新哈希不符（记录被截断）' };

export interface RemedyDto {
  id: string;
  kind: string;
  kindLabel: string;
  body: string;
  appliedOn: string;
  copyReceivedOn: string | null;
  simplified: boolean;
  afterReconsideration: boolean;
  evidenceDueOn: string | null;
  evidenceSubmittedOn: string | null;
  outcome: string;
  correction: string | null;
  decidedOn: string | null;
  appealed: boolean;
}

export interface SweepDto {
  id: number;
  startedAt: string;
  finishedAt: string;
  casesChecked: number;
  eventsChecked: number;
  blobsChecked: number;
  ok: boolean;
  problems: unknown[];
}

/**
 * The archive's part of the case workflow and its scheduled work: sealing facts on ARCHIVE, remedy proceedings
 * (RECORD_REMEDY) with their evidence deadlines and reminders, automatic archiving N days after delivery or
 * closure, the daily ledger checkpoint, and the integrity sweep (safe with several instances).
 */
@Injectable()
export class ArchiveWorkflowService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ArchiveWorkflow');
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly caseRows: CasesRepository,
    private readonly remedies: RemedyRepository,
    private readonly archive: ArchiveService,
    private readonly ledger: LedgerService,
    private readonly calendars: CalendarService,
    private readonly storage: BlobStorage,
    private readonly clock: Clock,
    private readonly notices: UserNotices,
  ) {
    // tick() logs its own failures (it is also called directly); the job's message covers anything it let through.
    this.job = new PeriodicJob({ everyMs: config.scheduler.intervalSeconds * 1000, run: () => this.tick(), logger: this.logger, failureMessage: 'archive scheduler round failed' });
  }

  onModuleInit(): void {
    this.cases.registerEffect('archive', ['archiveEvidence', 'recordRemedy'], (ctx) => this.onEvent(ctx));
  }

  onApplicationBootstrap(): void {
    if (this.config.scheduler.intervalSeconds > 0) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One scheduler round: archive what is due, remind of evidence deadlines, checkpoint daily, sweep daily. */
  async tick(): Promise<void> {
    try {
      await this.archiveDue();
      await this.remindDue();
      await this.ledger.checkpointIfDue();
      // The last run is read from the database: a restart (or another instance's run) does not trigger a new sweep.
      const [last] = await this.remedies.latestSweeps(1);
      if (!last || this.clock.now().getTime() - last.finishedAt.getTime() >= SWEEP_EVERY_MS) await this.sweep();
    } catch (e) {
      this.logger.error(e, 'archive scheduler round failed');
    }
  }

  private async onEvent(ctx: CaseEffectContext): Promise<Record<string, unknown> | void> {
    switch (ctx.event.type) {
      case 'ARCHIVE':
        return this.sealFacts(ctx);
      case 'RECORD_REMEDY':
        return this.recordRemedy(ctx);
    }
  }

  /**
   * What the ARCHIVE event records: the retention period (agency setting `retentionYears`, default 30 years, counted
   * from 1 January after the year the case ended, DA/T 46) and whether a legal hold is on.
   */
  private async sealFacts({ em, row, events, event }: CaseEffectContext): Promise<Record<string, unknown>> {
    const settings = await this.remedies.agencySettings(em, row.agencyId);
    const years = typeof settings.retentionYears === 'number' ? settings.retentionYears : RETENTION_YEARS_DEFAULT;
    const hold = [...events].reverse().find((e) => e.type === 'SET_LEGAL_HOLD');
    return { sealed: { retentionYears: years, retentionUntil: `${Number(event.effectiveDate.slice(0, 4)) + years}-12-31`, legalHold: hold?.payload.hold === true } };
  }

  private async recordRemedy({ em, row, event }: CaseEffectContext): Promise<Record<string, unknown>> {
    const p = event.payload as Record<string, unknown> & { proceedingId?: string };
    const existing = p.proceedingId ? await this.remedies.find(em, row.id, p.proceedingId) : null;
    if (p.proceedingId && !existing) throw AppException.invalidField('proceedingId', 'NOT_FOUND', '本案没有该复议或诉讼记录');
    if (existing && p.kind !== undefined && p.kind !== existing.kind) throw AppException.invalidField('kind', 'NOT_ALLOWED', '不能更改救济程序的种类');
    const kind = (existing?.kind ?? p.kind) as RemedyKind;
    const appliedOn = (p.appliedOn as string | undefined) ?? existing!.appliedOn;
    const copyReceivedOn = (p.copyReceivedOn as string | undefined) ?? existing?.copyReceivedOn ?? null;
    const simplified = (p.simplified as boolean | undefined) ?? existing?.simplified ?? false;
    if (appliedOn > event.effectiveDate) throw AppException.invalidField('appliedOn', 'AFTER_EVENT_DATE', '申请或起诉日期不能晚于登记日期');
    if (copyReceivedOn && (copyReceivedOn < appliedOn || copyReceivedOn > event.effectiveDate)) {
      throw AppException.invalidField('copyReceivedOn', 'INVALID', '收到副本的日期应在申请或起诉之日与登记日期之间');
    }
    if (kind === 'LITIGATION' && p.simplified !== undefined) throw AppException.invalidField('simplified', 'NOT_ALLOWED', '简易程序仅适用于行政复议');
    const deadline = copyReceivedOn ? evidenceDeadline(kind, copyReceivedOn, simplified, await this.calendars.current()) : null;
    const fields: RemedyFields = {
      body: (p.body as string | undefined) ?? existing?.body,
      appliedOn,
      copyReceivedOn,
      simplified,
      afterReconsideration: (p.afterReconsideration as boolean | undefined) ?? existing?.afterReconsideration ?? false,
      evidenceDueOn: deadline?.dueOn ?? null,
      outcome: (p.outcome as string | undefined) ?? existing?.outcome ?? 'PENDING',
      correction: p.outcome === undefined ? (existing?.correction ?? null) : ((p.correction as string | undefined) ?? null),
      decidedOn: (p.decidedOn as string | undefined) ?? existing?.decidedOn ?? null,
      appealed: (p.appealed as boolean | undefined) ?? existing?.appealed ?? false,
    };
    // A changed deadline is reminded of again.
    if (existing && existing.evidenceDueOn !== fields.evidenceDueOn) fields.remindedOn = null;
    const id = existing?.id ?? randomUUID();
    if (existing) await this.remedies.update(em, id, fields);
    else await this.remedies.insert(em, { ...fields, id, caseId: row.id, agencyId: row.agencyId, kind });
    return { proceeding: { id, kind, evidenceDueOn: deadline?.dueOn ?? null, deadlineBasis: deadline?.basis ?? null } };
  }

  async remediesOf(user: AuthUser, caseId: string): Promise<RemedyDto[]> {
    const { row } = await this.cases.readableCase(user, caseId);
    return (await this.remedies.ofCase(row.id)).map(toRemedyDto);
  }

  /** The one action: the 复议/诉讼证据材料 (the bundle with its 证据目录), marked as produced for that proceeding. */
  async evidencePackage(user: AuthUser, caseId: string, proceedingId: string): Promise<BundleDownload> {
    const { row } = await this.cases.readableCase(user, caseId);
    const proceeding = (await this.remedies.ofCase(row.id)).find((r) => r.id === proceedingId);
    if (!proceeding) throw AppException.notFound();
    const label = REMEDY_KIND_LABELS[proceeding.kind as RemedyKind];
    const download = await this.archive.exportBundle(user, row.id, `${label}证据材料（${proceeding.body}）`, {
      heading: `${label}证据材料`,
      recipient: proceeding.body,
      dueOn: proceeding.evidenceDueOn,
    });
    if (!proceeding.evidenceSubmittedOn) await this.remedies.update(this.caseRows.manager, proceeding.id, { evidenceSubmittedOn: this.clock.today() });
    return { ...download, filename: `${row.trackingNumber}-${proceeding.kind.toLowerCase()}-evidence.zip` };
  }

  /** Archives the cases whose delivery or closure lies the agency's N days back (条例 has no period; agency policy). */
  async archiveDue(): Promise<number> {
    const today = this.clock.today();
    return this.caseRows.transaction(async (em) => {
      let archived = 0;
      for (const id of await this.remedies.dueForArchiving(em, today, AUTO_ARCHIVE_DAYS_DEFAULT, this.config.scheduler.batchSize)) {
        const row = await this.caseRows.lockById(em, id);
        if (row && (await this.cases.applySystemEvent(em, row, 'ARCHIVE', { automatic: true }, today))) archived++;
      }
      return archived;
    });
  }

  /** Reminds the assignee and office heads once, REMINDER_WORKDAYS working days before an evidence deadline. */
  async remindDue(): Promise<number> {
    const today = this.clock.today();
    const until = (await this.calendars.current()).addWorkdays(today, REMINDER_WORKDAYS);
    return this.caseRows.transaction(async (em) => {
      const due = await this.remedies.dueForReminder(em, until);
      for (const r of due) {
        const message = `${await this.remedies.trackingNumber(em, r.caseId)} ${REMEDY_KIND_LABELS[r.kind as RemedyKind]}（${r.body}）：书面答复和全部证据须于${r.evidenceDueOn}前提交，逾期视为没有证据、依据（行政复议法第七十条）`;
        await this.notices.notify(em, await this.remedies.remindees(em, r.caseId), { caseId: r.caseId, kind: 'REMEDY_EVIDENCE_DUE', message });
        await this.remedies.update(em, r.id, { remindedOn: today });
      }
      return due.length;
    });
  }

  /**
   * The integrity sweep: every case's chain and head, every stored blob against its hash, and the ledger against
   * the cases. One instance at a time (advisory try-lock); results stored; failures notify the admins.
   */
  async sweep(): Promise<SweepDto | null> {
    const result = await this.remedies.exclusively(SWEEP_LOCK, async () => {
      const startedAt = this.clock.now();
      const ledger = await this.ledger.check();
      const problems: LedgerProblem[] = [...ledger.problems];
      const heads = await this.remedies.caseHeads();
      let events = 0;
      for (const h of heads) {
        const chain = await this.remedies.caseEvents(h.id);
        events += chain.length;
        const v = verifyEventChain(chain, h.lastEventHash);
        for (const p of v.problems) problems.push({ kind: 'EVENT_REWRITTEN', caseId: h.id, trackingNumber: h.trackingNumber, seq: p.seq, message: `案件 ${h.trackingNumber} 第${p.seq}条事件：${CHAIN_PROBLEM_TEXT[p.problem]}` });
      }
      const blobs = await this.remedies.blobs();
      for (const b of blobs) {
        let actual: string | null;
        try {
          actual = createHash('sha256').update(await this.storage.get(b.storageKey)).digest('hex');
        } catch {
          actual = null;
        }
        if (actual !== b.sha256) {
          problems.push({ kind: 'DOCUMENT_REWRITTEN', caseId: b.caseId, documentId: b.id, message: `${b.kind === 'document' ? '文书' : '附件'} ${b.storageKey} ${actual === null ? '文件缺失' : '内容与哈希不符'}` });
        }
      }
      const run = await this.remedies.insertSweep({ startedAt, finishedAt: this.clock.now(), casesChecked: heads.length, eventsChecked: events, blobsChecked: blobs.length, ok: problems.length === 0, problems });
      if (!run.ok) {
        const message = `完整性巡检发现${problems.length}处问题：${problems[0].message}`;
        await this.caseRows.transaction(async (em) => this.notices.notify(em, await this.remedies.activeAdminIds(em), { caseId: null, kind: 'ARCHIVE_INTEGRITY_FAILURE', message }));
      }
      return run;
    });
    return result ? toSweepDto(result) : null;
  }

  async sweeps(): Promise<SweepDto[]> {
    return (await this.remedies.latestSweeps(20)).map(toSweepDto);
  }

  /** For /health/ready's detail: the last sweep's outcome (never its status). */
  async healthDetail(): Promise<{ lastSweepAt: string | null; ok: boolean | null; failures: number }> {
    const [last] = await this.remedies.latestSweeps(1);
    return { lastSweepAt: last?.finishedAt.toISOString() ?? null, ok: last?.ok ?? null, failures: last?.problems.length ?? 0 };
  }
}

function toRemedyDto(r: RemedyProceedingEntity): RemedyDto {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: REMEDY_KIND_LABELS[r.kind as RemedyKind],
    body: r.body,
    appliedOn: r.appliedOn,
    copyReceivedOn: r.copyReceivedOn,
    simplified: r.simplified,
    afterReconsideration: r.afterReconsideration,
    evidenceDueOn: r.evidenceDueOn,
    evidenceSubmittedOn: r.evidenceSubmittedOn,
    outcome: r.outcome,
    correction: r.correction,
    decidedOn: r.decidedOn,
    appealed: r.appealed,
  };
}

function toSweepDto(r: SweepRunEntity): SweepDto {
  return { id: r.id, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString(), casesChecked: r.casesChecked, eventsChecked: r.eventsChecked, blobsChecked: r.blobsChecked, ok: r.ok, problems: r.problems };
}
