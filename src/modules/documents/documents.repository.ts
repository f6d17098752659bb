import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { IssuedDocumentEntity } from './issued-document.entity.js';

/** Only this class touches the document tables; writes take the caller's transaction. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The number the next draw would give if nobody else drew first: read without a lock (the committed value).
   * A guess, used only to render before drawing; the drawn number decides.
   */
  async likelyNextNumber(agencyId: string, year: number, series: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = await em.query<{ last_value: number }[]>(
      `SELECT last_value FROM document_sequence WHERE agency_id = $1 AND year = $2 AND series = $3`,
      [agencyId, year, series],
    );
    return (rows[0]?.last_value ?? 0) + 1;
  }

  /**
   * The next 文号 sequence number for the agency, year and series, in the caller's transaction. The upsert takes
   * the row lock until commit, so concurrent issues queue up; a rollback undoes the increment, so the committed
   * numbers run 1, 2, 3 … without gaps or repeats (a gap or a repeat would put an issued document's 文号 in doubt).
   */
  async nextNumber(em: EntityManager, agencyId: string, year: number, series: string): Promise<number> {
    const rows = await em.query<{ last_value: number }[]>(
      `INSERT INTO document_sequence (agency_id, year, series, last_value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (agency_id, year, series) DO UPDATE SET last_value = document_sequence.last_value + 1
       RETURNING last_value`,
      [agencyId, year, series],
    );
    return rows[0].last_value;
  }

  insert(em: EntityManager, fields: Omit<IssuedDocumentEntity, 'id' | 'createdAt' | 'case' | 'agency' | 'issuedBy'>): Promise<IssuedDocumentEntity> {
    return em.save(em.create(IssuedDocumentEntity, fields));
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<IssuedDocumentEntity | null> {
    return em.findOneBy(IssuedDocumentEntity, { id });
  }

  /** A case's documents in the order they were issued. */
  findByCase(caseId: string, em: EntityManager = this.dataSource.manager): Promise<IssuedDocumentEntity[]> {
    return em.find(IssuedDocumentEntity, { where: { caseId }, order: { createdAt: 'ASC', documentNumber: 'ASC' } });
  }
}
