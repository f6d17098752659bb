import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { CaseImportService, type LineOutcome } from './case-import.service.js';
import { externalIdOf, fileLines, parseLine } from './import-file.js';
import type { ImportJobEntity, ImportJobStatus, ImportLineError, ImportLineResult } from './import-job.entity.js';
import { ImportsRepository } from './imports.repository.js';

/** Seconds a running job is held without progress before another run (a restart, another instance) may resume it. */
const LEASE_SECONDS = 120;
/**
 * The progress is saved every this many lines or milliseconds, whichever comes first, and at the end: saving the
 * growing error and result lists after every line would rewrite them once per line. A resumed job re-runs the lines
 * after the last save, which come out UNCHANGED (the external id makes them idempotent).
 */
const SAVE_EVERY_LINES = 100;
const SAVE_EVERY_MS = 1000;
/** Lines in one upload: a year of an office's cases is a few hundred to a few thousand. */
export const MAX_IMPORT_LINES = 20_000;

export const IMPORT_STATUS_LABELS: Record<ImportJobStatus, string> = { QUEUED: '排队中', RUNNING: '导入中', DONE: '已完成', FAILED: '导入中断' };

export interface ImportJobDto {
  id: string;
  filename: string;
  status: ImportJobStatus;
  statusLabel: string;
  total: number;
  processed: number;
  created: number;
  unchanged: number;
  failed: number;
  percent: number;
  errors: ImportLineError[];
  results: ImportLineResult[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Import jobs (历史导入): an upload is stored as a job and answered at once; a worker in the instance takes the jobs
 * one at a time and imports line after line (CaseImportService: one transaction per case), saving the progress after
 * each line. A bad line is reported with its line number and fields, and the following lines go on.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Imports');
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly jobs: ImportsRepository,
    private readonly importer: CaseImportService,
    private readonly clock: Clock,
  ) {}

  /** A job left by a stopped instance is resumed. */
  onApplicationBootstrap(): void {
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  async start(user: AuthUser, filename: string, content: string): Promise<ImportJobDto> {
    const lines = fileLines(content);
    if (lines.length === 0) throw AppException.invalidField('file', 'REQUIRED', '文件中没有案件记录（每行一个 JSON 对象）');
    if (lines.length > MAX_IMPORT_LINES) throw AppException.invalidField('file', 'TOO_LONG', `一个文件最多${MAX_IMPORT_LINES}行，请分批导入`);
    const job = await this.jobs.insertJob({ id: randomUUID(), requestedBy: user.id, filename: filename.slice(0, 200), content, status: 'QUEUED', total: lines.length });
    this.kick();
    return toDto(job);
  }

  async status(id: string): Promise<ImportJobDto> {
    const job = await this.jobs.findJob(id);
    if (!job) throw AppException.notFound();
    // A job nobody runs (queued, or its instance stopped and the lease lapsed) is taken up here.
    if (job.status === 'QUEUED' || job.status === 'RUNNING') this.kick();
    return toDto(job);
  }

  async latest(): Promise<ImportJobDto[]> {
    return (await this.jobs.latestJobs(20)).map((j) => toDto({ ...j, errors: [], results: [] }));
  }

  /** Resolves once this instance runs no import (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  kick(): void {
    if (this.stopping) return;
    this.running ??= this.drain()
      .catch((e: unknown) => this.logger.error(e, 'import worker failed'))
      .finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const job = await this.jobs.claim(this.clock.now(), this.leaseUntil());
      if (!job) return;
      try {
        await this.run(job);
        await this.jobs.finishJob(job.id, { status: 'DONE', finishedAt: this.clock.now() });
      } catch (e) {
        this.logger.error(e, `import job ${job.id} failed`);
        await this.jobs.finishJob(job.id, { status: 'FAILED', error: '导入中断（内部错误）。已导入的案件保留；重新导入同一文件会从中断处继续，已导入的行不会重复。', finishedAt: this.clock.now() });
      }
    }
  }

  private async run(job: ImportJobEntity): Promise<void> {
    const progress = { processed: job.processed, created: job.created, unchanged: job.unchanged, failed: job.failed, errors: [...job.errors], results: [...job.results] };
    let saved = { lines: progress.processed, at: Date.now() };
    const save = async () => {
      await this.jobs.recordLine(job.id, { ...progress, leaseUntil: this.leaseUntil() });
      saved = { lines: progress.processed, at: Date.now() };
    };
    for (const line of fileLines(job.content).slice(job.processed)) {
      if (this.stopping) return save();
      const parsed = parseLine(line);
      let outcome: LineOutcome;
      if ('error' in parsed) {
        outcome = { outcome: 'FAILED', errors: [parsed.error] };
      } else {
        try {
          outcome = await this.importer.importRecord({ id: job.requestedBy }, job.id, line.line, parsed.value);
        } catch (e) {
          outcome = this.importer.internalFailure(externalIdOf(parsed.value), e);
        }
      }
      progress.processed += 1;
      if (outcome.outcome === 'FAILED') {
        progress.failed += 1;
        progress.errors.push(...outcome.errors.map((e) => ({ ...e, line: line.line })));
      } else {
        progress[outcome.outcome === 'CREATED' ? 'created' : 'unchanged'] += 1;
        progress.results.push({ line: line.line, externalId: outcome.externalId, outcome: outcome.outcome, caseId: outcome.caseId, trackingNumber: outcome.trackingNumber });
      }
      if (progress.processed - saved.lines >= SAVE_EVERY_LINES || Date.now() - saved.at >= SAVE_EVERY_MS) await save();
    }
    await save();
  }

  private leaseUntil(): Date {
    return new Date(this.clock.now().getTime() + LEASE_SECONDS * 1000);
  }
}

function toDto(job: ImportJobEntity): ImportJobDto {
  return {
    id: job.id,
    filename: job.filename,
    status: job.status,
    statusLabel: IMPORT_STATUS_LABELS[job.status],
    total: job.total,
    processed: job.processed,
    created: job.created,
    unchanged: job.unchanged,
    failed: job.failed,
    percent: job.total ? Math.floor((job.processed * 100) / job.total) : 100,
    errors: job.errors,
    results: job.results,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
