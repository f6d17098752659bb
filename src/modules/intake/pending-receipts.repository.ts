import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../cases/cases.service.js';

/** Only this class touches pending_receipt (see PendingReceiptEntity). */
@Injectable()
export class PendingReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The row, as one part of the statement that opens its case; the sweep may take it `afterSeconds` from now. */
  insertSql(param: (value: unknown) => string, caseId: string, actor: Actor, afterSeconds: number): string {
    return `INSERT INTO pending_receipt (case_id, actor_id, actor_role, retry_at)
      VALUES (${param(caseId)}, ${param(actor.id)}::uuid, ${param(actor.role)}, now() + make_interval(secs => ${param(afterSeconds)})) RETURNING case_id`;
  }

  /** Deletes the case's row and returns who opened the case, or null if another issuer got there first. */
  async claim(em: EntityManager, caseId: string): Promise<Actor | null> {
    const rows = await em.query<{ actor_id: string | null; actor_role: Actor['role'] }[]>(
      `WITH claimed AS (DELETE FROM pending_receipt WHERE case_id = $1 RETURNING actor_id, actor_role) SELECT * FROM claimed`,
      [caseId],
    );
    return rows[0] ? { id: rows[0].actor_id, role: rows[0].actor_role } : null;
  }

  /** The cases whose rows the sweep may take now, oldest first. */
  async due(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ case_id: string }[]>(`SELECT case_id FROM pending_receipt WHERE retry_at <= now() ORDER BY retry_at LIMIT $1`, [limit]);
    return rows.map((r) => r.case_id);
  }

  /** After a failed issue: tried again later, further apart each time (5 minutes more per failure, at most an hour). */
  async postpone(caseId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE pending_receipt SET attempts = attempts + 1, retry_at = now() + make_interval(mins => least(60, 5 * (attempts + 1))) WHERE case_id = $1`,
      [caseId],
    );
  }
}
