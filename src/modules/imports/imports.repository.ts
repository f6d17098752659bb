import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, LessThan, Or } from 'typeorm';
import { ImportJobEntity, type ImportLineError, type ImportLineResult } from './import-job.entity.js';
import { ImportedCaseEntity } from './imported-case.entity.js';

/** Import jobs and the external ids of imported cases. */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  insertJob(fields: Partial<ImportJobEntity> & { id: string }): Promise<ImportJobEntity> {
    const repo = this.manager.getRepository(ImportJobEntity);
    return repo.save(repo.create(fields));
  }

  findJob(id: string): Promise<ImportJobEntity | null> {
    return this.manager.findOneBy(ImportJobEntity, { id });
  }

  /** The latest jobs, newest first, without their files. */
  latestJobs(limit: number): Promise<ImportJobEntity[]> {
    return this.manager.find(ImportJobEntity, {
      select: { id: true, requestedBy: true, filename: true, status: true, total: true, processed: true, created: true, unchanged: true, failed: true, error: true, createdAt: true, finishedAt: true },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** Claims the oldest queued job, or a running one whose lease lapsed (its instance stopped), for `until`. */
  async claim(now: Date, until: Date): Promise<ImportJobEntity | null> {
    return this.dataSource.transaction(async (em) => {
      const job = await em.findOne(ImportJobEntity, {
        where: [{ status: 'QUEUED' }, { status: 'RUNNING', leaseUntil: Or(IsNull(), LessThan(now)) }],
        order: { createdAt: 'ASC' },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      if (!job) return null;
      await em.update(ImportJobEntity, { id: job.id }, { status: 'RUNNING', leaseUntil: until });
      return { ...job, status: 'RUNNING', leaseUntil: until };
    });
  }

  /** One line's outcome: counters, error or result, and the lease renewed, in one UPDATE. */
  async recordLine(id: string, progress: { processed: number; created: number; unchanged: number; failed: number; errors: ImportLineError[]; results: ImportLineResult[]; leaseUntil: Date }): Promise<void> {
    await this.manager.update(ImportJobEntity, { id }, progress);
  }

  async finishJob(id: string, fields: { status: 'DONE' | 'FAILED'; error?: string | null; finishedAt: Date }): Promise<void> {
    await this.manager.update(ImportJobEntity, { id }, { ...fields, leaseUntil: null });
  }

  findImported(agencyId: string, externalId: string, em: EntityManager = this.manager): Promise<ImportedCaseEntity | null> {
    return em.findOneBy(ImportedCaseEntity, { agencyId, externalId });
  }

  async insertImported(em: EntityManager, fields: Omit<ImportedCaseEntity, 'createdAt' | 'case'>): Promise<void> {
    await em.insert(ImportedCaseEntity, fields);
  }

  /** Tracking numbers of imported cases by case id (for the result list). */
  async trackingNumbers(caseIds: readonly string[]): Promise<Map<string, string>> {
    if (!caseIds.length) return new Map();
    const rows = await this.manager.query<{ id: string; tracking_number: string }[]>('SELECT id, tracking_number FROM case_file WHERE id = ANY($1)', [caseIds]);
    return new Map(rows.map((r) => [r.id, r.tracking_number]));
  }
}

