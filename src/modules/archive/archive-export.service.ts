import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import yazl from 'yazl';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { BlobNotFoundError, BlobStorage } from '../storage/blob-storage.js';
import { UsersRepository } from '../users/users.repository.js';
import { ArchiveSearchQuery, ArchiveSearchService } from './archive-search.js';
import { ArchiveService } from './archive.service.js';
import type { ExportJobEntity, ExportJobStatus } from './export-job.entity.js';
import { ExportJobRepository } from './export-job.repository.js';

/** Seconds an instance holds a job without reporting progress; after that another run may resume it. */
const LEASE_SECONDS = 120;
/** Where a finished export's ZIP lives in the blob storage (local disk or S3), so that any instance serves it. */
export const exportZipKey = (id: string): string => `archive-exports/${id}/export.zip`;

export const EXPORT_STATUS_LABELS: Record<ExportJobStatus, string> = { QUEUED: '排队中', RUNNING: '正在导出', DONE: '已完成', FAILED: '导出失败' };

/** A bulk export: the archive search's filters (without paging) and the purpose the access log records. */
export class RequestExportDto extends OmitType(ArchiveSearchQuery, ['after', 'limit'] as const) {
  @ApiProperty({ description: '调阅用途（记入访问日志）', example: '年度执法检查', minLength: 2, maxLength: 200 })
  @IsString()
  @MinLength(2, { context: { code: 'TOO_SHORT', message: '请填写调阅用途（至少2个字）' } })
  @MaxLength(200)
  purpose: string;
}

export interface ExportJobDto {
  id: string;
  status: ExportJobStatus;
  statusLabel: string;
  total: number;
  done: number;
  /** 0–100 */
  percent: number;
  bytes: number;
  purpose: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Set once the ZIP is ready. */
  downloadUrl: string | null;
}

/**
 * Bulk export of an archive search: a ZIP holding the evidence bundle of every case found, built in the background.
 * The case list is fixed when the export is requested (at most `exportMaxCases`); each bundle is written to its
 * own file and counted in the job row, so a restart resumes after the last bundle written; the ZIP may not grow
 * past `exportMaxBytes` (the job fails with a message rather than fill the disk). Every bundle is an access-log
 * entry with the purpose given, exactly as a single bundle download.
 */
@Injectable()
export class ArchiveExportService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ArchiveExport');
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly search: ArchiveSearchService,
    private readonly archive: ArchiveService,
    private readonly users: UsersRepository,
    private readonly jobs: ExportJobRepository,
    private readonly clock: Clock,
    private readonly storage: BlobStorage,
  ) {}

  /** A restart takes up the jobs left queued, and those whose instance stopped mid-way (lease lapsed). */
  onApplicationBootstrap(): void {
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  async request(user: AuthUser, dto: RequestExportDto): Promise<ExportJobDto> {
    const { purpose, ...query } = dto;
    const max = this.config.archive.exportMaxCases;
    const caseIds = await this.search.caseIds(user, query as ArchiveSearchQuery, max + 1);
    if (caseIds.length === 0) throw AppException.invalidField('query', 'NO_CASES', '检索结果为空，没有可导出的案卷');
    if (caseIds.length > max) throw AppException.invalidField('query', 'TOO_MANY_CASES', `一次最多导出${max}件案卷，请缩小检索范围后再导出`);
    // The search is kept for the record (and export.json) without the applicant's ID number or credit code in clear.
    const recorded: Record<string, unknown> = { ...query };
    for (const k of ['applicantIdNumber', 'applicantCreditCode'] as const) if (typeof recorded[k] === 'string') recorded[k] = `****${(recorded[k] as string).slice(-4)}`;
    const job = await this.jobs.insert({ id: randomUUID(), requestedBy: user.id, requestedRole: user.role, query: recorded, purpose: purpose.trim(), caseIds, status: 'QUEUED' });
    this.kick();
    return toDto(job);
  }

  /** The requester's own job (anyone else: 404). A queued job nobody runs is taken up here. */
  async status(user: AuthUser, id: string): Promise<ExportJobDto> {
    const job = await this.own(user, id);
    if (job.status === 'QUEUED' || job.status === 'RUNNING') this.kick();
    return toDto(job);
  }

  async download(user: AuthUser, id: string): Promise<{ filename: string; stream: Readable }> {
    const job = await this.own(user, id);
    if (job.status !== 'DONE') throw AppException.conflict('导出尚未完成，请稍后再下载');
    const stream = await this.storage.getStream(exportZipKey(job.id)).catch(async (e: unknown) => {
      if (!(e instanceof BlobNotFoundError)) throw e;
      // Exports finished before the ZIPs moved into the blob storage are still on the disk of the instance that made them.
      const legacy = path.join(this.dirOf(job.id), 'export.zip');
      if (await stat(legacy).catch(() => null)) return createReadStream(legacy);
      throw AppException.notFound();
    });
    return { filename: `archive-export-${job.createdAt.toISOString().slice(0, 10)}-${job.id.slice(0, 8)}.zip`, stream };
  }

  /** Resolves when no export is running in this instance (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Starts the worker loop unless it is running already. */
  kick(): void {
    if (this.stopping) return;
    this.running ??= this.drain()
      .catch((e: unknown) => this.logger.error(e, 'export worker stopped'))
      .finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      const job = await this.jobs.claim(LEASE_SECONDS);
      if (!job) return;
      try {
        await this.run(job);
      } catch (e) {
        const message = e instanceof AppException ? (e.errors?.[0]?.message ?? e.message) : '导出过程中出现错误，请重新发起导出';
        if (!(e instanceof AppException)) this.logger.error(e, `export ${job.id} failed`);
        await this.jobs.finish(job.id, { status: 'FAILED', error: message });
        await rm(this.dirOf(job.id), { recursive: true, force: true });
      }
    }
  }

  private async run(job: ExportJobEntity): Promise<void> {
    // The requester's current state decides, as for any request: a deactivated account or a changed role stops it.
    const u = await this.users.findById(job.requestedBy);
    if (!u?.active || u.role !== job.requestedRole) throw AppException.forbidden('申请导出的账号已停用或角色已变更，导出已停止');
    const user: AuthUser = { id: u.id, role: u.role, agencyId: u.agencyId, email: u.email, displayName: u.displayName };
    const dir = this.dirOf(job.id);
    const parts = path.join(dir, 'parts');
    await mkdir(parts, { recursive: true });
    // Bundles recorded as written before a restart are kept (their sizes count towards the cap); anything later
    // (a bundle half written, or written but not yet counted) is written again. The bundles are this instance's
    // scratch files: when another instance took the job over (its lease lapsed), they are not here and the export
    // starts again from the first case.
    let bytes = 0;
    let kept = 0;
    for (const name of await readdir(parts)) {
      const n = /^(\d{4})-/.exec(name);
      if (n && Number(n[1]) <= job.done) {
        bytes += (await stat(path.join(parts, name))).size;
        kept++;
      } else await rm(path.join(parts, name), { force: true });
    }
    let start = job.done;
    if (kept !== job.done) {
      await rm(parts, { recursive: true, force: true });
      await mkdir(parts, { recursive: true });
      [start, bytes] = [0, 0];
    }
    for (let i = start; i < job.caseIds.length && !this.stopping; i++) {
      const { filename, stream } = await this.archive.exportBundle(user, job.caseIds[i]!, job.purpose);
      const name = `${String(i + 1).padStart(4, '0')}-${filename}`;
      const tmp = path.join(parts, `.${name}.part`);
      let size = 0;
      const cap = this.config.archive.exportMaxBytes;
      await pipeline(
        stream,
        new Transform({
          transform(chunk: Buffer, _enc, cb) {
            size += chunk.length;
            cb(bytes + size > cap ? AppException.invalidField('query', 'EXPORT_TOO_LARGE', `导出文件超过${Math.floor(cap / 1024 / 1024)}MB的上限，请缩小检索范围后分批导出`) : null, chunk);
          },
        }),
        createWriteStream(tmp),
      );
      await rename(tmp, path.join(parts, name));
      bytes += size;
      await this.jobs.progress(job.id, i + 1, bytes, LEASE_SECONDS);
    }
    if (this.stopping) return; // Left RUNNING: the lease lapses and the next start resumes it.
    const size = await writeZip(parts, this.storage, exportZipKey(job.id), this.clock.now(), {
      exportedAt: this.clock.now().toISOString(),
      purpose: job.purpose,
      query: job.query,
      cases: job.caseIds.length,
      note: '每个案件一个证据包（BagIt），可用 scripts/verify-bundle.mjs 逐一离线核验。',
    });
    await rm(dir, { recursive: true, force: true });
    await this.jobs.finish(job.id, { status: 'DONE', bytes: size });
  }

  private async own(user: AuthUser, id: string): Promise<ExportJobEntity> {
    const job = await this.jobs.findById(id);
    if (!job || job.requestedBy !== user.id) throw AppException.notFound();
    return job;
  }

  private dirOf(id: string): string {
    return path.join(this.config.dataDir, 'archive-exports', id);
  }
}

/**
 * The bundles (already compressed ZIPs: stored as they are) and an export.json describing the export, streamed into
 * the blob storage as it is zipped (never whole in memory). Resolves to the ZIP's size.
 */
async function writeZip(partsDir: string, storage: BlobStorage, key: string, mtime: Date, info: Record<string, unknown>): Promise<number> {
  const zip = new yazl.ZipFile();
  const options = { mtime, mode: 0o100644, forceDosTimestamp: true };
  const names = (await readdir(partsDir)).filter((n) => !n.startsWith('.')).sort();
  zip.addBuffer(Buffer.from(`${JSON.stringify({ ...info, bundles: names }, null, 2)}\n`, 'utf8'), 'export.json', options);
  for (const name of names) zip.addFile(path.join(partsDir, name), `bundles/${name}`, { ...options, compress: false });
  zip.end();
  return storage.putStream(key, zip.outputStream as Readable, 'application/zip');
}

function toDto(job: ExportJobEntity): ExportJobDto {
  const total = job.caseIds.length;
  return {
    id: job.id,
    status: job.status,
    statusLabel: EXPORT_STATUS_LABELS[job.status],
    total,
    done: job.done,
    percent: total === 0 ? 100 : Math.floor((job.done / total) * 100),
    bytes: job.bytes,
    purpose: job.purpose,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    downloadUrl: job.status === 'DONE' ? `/api/v1/archive/exports/${job.id}/download` : null,
  };
}
