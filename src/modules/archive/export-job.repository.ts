import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ExportJobEntity } from './export-job.entity.js';

/** Bulk export jobs: one row per export, claimed with a lease so that one instance runs each job at a time. */
@Injectable()
export class ExportJobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: Pick<ExportJobEntity, 'id' | 'requestedBy' | 'requestedRole' | 'query' | 'purpose' | 'caseIds' | 'status'>): Promise<ExportJobEntity> {
    const repo = this.dataSource.getRepository(ExportJobEntity);
    await repo.save(repo.create(row));
    return (await repo.findOneBy({ id: row.id }))!;
  }

  findById(id: string): Promise<ExportJobEntity | null> {
    return this.dataSource.getRepository(ExportJobEntity).findOneBy({ id });
  }

  /**
   * Takes the oldest job that is queued, or running under a lapsed lease (its instance stopped), and leases it.
   * SKIP LOCKED: two instances never take the same job.
   */
  async claim(leaseSeconds: number): Promise<ExportJobEntity | null> {
    // In a CTE so the driver hands back the rows (a bare UPDATE … RETURNING comes back as [rows, count]).
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE archive_export_job SET status = 'RUNNING', lease_until = now() + make_interval(secs => $1)
          WHERE id = (SELECT id FROM archive_export_job
                       WHERE status = 'QUEUED' OR (status = 'RUNNING' AND (lease_until IS NULL OR lease_until < now()))
                       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id)
       SELECT id FROM claimed`,
      [leaseSeconds],
    );
    const id = rows[0]?.id;
    return id ? this.findById(id) : null;
  }

  /** Progress after one more bundle, renewing the lease. */
  async progress(id: string, done: number, bytes: number, leaseSeconds: number): Promise<void> {
    await this.dataSource.query(`UPDATE archive_export_job SET done = $2, bytes = $3, lease_until = now() + make_interval(secs => $4) WHERE id = $1`, [id, done, bytes, leaseSeconds]);
  }

  async finish(id: string, outcome: { status: 'DONE'; bytes: number } | { status: 'FAILED'; error: string }): Promise<void> {
    await this.dataSource
      .getRepository(ExportJobEntity)
      .update({ id }, { status: outcome.status, leaseUntil: null, finishedAt: new Date(), ...(outcome.status === 'DONE' ? { bytes: outcome.bytes, error: null } : { error: outcome.error }) });
  }
}
