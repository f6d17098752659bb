import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DisclosureSelfCheckEntity } from './disclosure-self-check.entity.js';

/** The yearly self-checks (条例第十八条) and what they list. */
@Injectable()
export class DisclosureSelfCheckRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findSelfCheck(agencyId: string, year: number, em: EntityManager = this.dataSource.manager): Promise<DisclosureSelfCheckEntity | null> {
    return em.findOneBy(DisclosureSelfCheckEntity, { agencyId, year });
  }

  /** Creates the self-check once per agency and year (a second caller gets null). */
  async insertSelfCheck(em: EntityManager, agencyId: string, year: number, items: DisclosureSelfCheckEntity['items']): Promise<DisclosureSelfCheckEntity | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO disclosure_self_check (agency_id, year, items) VALUES ($1, $2, $3) ON CONFLICT (agency_id, year) DO NOTHING RETURNING id`,
      [agencyId, year, JSON.stringify(items)],
    );
    return rows[0] ? em.findOneBy(DisclosureSelfCheckEntity, { id: rows[0].id }) : null;
  }

  saveSelfCheck(em: EntityManager, c: DisclosureSelfCheckEntity): Promise<DisclosureSelfCheckEntity> {
    return em.save(c);
  }

  /** Cases of the agency replied in the year with a partial or withholding reply (the reply type of the latest draft). */
  refusedReplies(agencyId: string, year: number): Promise<{ case_id: string; tracking_number: string; request_title: string | null; request_description: string; reply_type: string }[]> {
    return this.dataSource.query(
      `SELECT c.id AS case_id, c.tracking_number, c.request_title, c.request_description, d.reply_type
       FROM case_file c
       JOIN LATERAL (SELECT e.payload->>'replyType' AS reply_type, e.effective_date FROM case_event e
                     WHERE e.case_id = c.id AND e.type = 'START_DRAFT' ORDER BY e.seq DESC LIMIT 1) d ON TRUE
       WHERE c.agency_id = $1 AND (d.reply_type = 'PARTIAL' OR d.reply_type LIKE 'WITHHOLD%')
         AND c.status IN ('APPROVED', 'DELIVERED', 'ARCHIVED')
         AND EXISTS (SELECT 1 FROM case_event a WHERE a.case_id = c.id AND a.type = 'APPROVE_REPLY'
                     AND a.effective_date BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31))
       ORDER BY c.tracking_number`,
      [agencyId, year],
    );
  }

  /** The agency's active office heads (they organise the self-check's review). */
  async officeHeadIds(em: EntityManager, agencyId: string): Promise<string[]> {
    const heads = await em.query<{ id: string }[]>(`SELECT id FROM app_user WHERE agency_id = $1 AND role = 'OFFICE_HEAD' AND active`, [agencyId]);
    return heads.map((h) => h.id);
  }
}
