import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { AttachmentEntity } from './attachment.entity.js';

/** Only this class touches the attachment table; writes take the caller's EntityManager when inside a transaction. */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  insert(em: EntityManager, fields: Omit<AttachmentEntity, 'id' | 'createdAt' | 'case' | 'uploadedBy'>): Promise<AttachmentEntity> {
    return em.save(em.create(AttachmentEntity, fields));
  }

  findById(id: string, em: EntityManager = this.manager): Promise<AttachmentEntity | null> {
    return em.findOneBy(AttachmentEntity, { id });
  }

  findByCase(caseId: string, em: EntityManager = this.manager): Promise<AttachmentEntity[]> {
    return em.find(AttachmentEntity, { where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Deletes uploads never linked to a case that are older than `cutoff`; returns their storage keys and hashes. */
  async deleteUnlinkedBefore(cutoff: Date, limit: number): Promise<{ storageKey: string; sha256: string }[]> {
    // In a CTE so that TypeORM hands back the rows (for a bare DELETE … RETURNING it returns [rows, count]).
    return this.manager.query(
      `WITH gone AS (
         DELETE FROM attachment WHERE id IN (SELECT id FROM attachment WHERE case_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2)
         RETURNING storage_key, sha256)
       SELECT storage_key AS "storageKey", sha256 FROM gone`,
      [cutoff, limit],
    );
  }

  /** Whether any attachment row still refers to these bytes. */
  isStored(em: EntityManager, sha256: string, storageKey: string): Promise<boolean> {
    return em.exists(AttachmentEntity, { where: { sha256, storageKey } });
  }

  /** Links unlinked rows to the case; returns how many were linked (rows already linked elsewhere are left alone). */
  async linkUnlinked(em: EntityManager, ids: readonly string[], caseId: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await em.update(AttachmentEntity, { id: In([...ids]), caseId: IsNull() }, { caseId });
    return result.affected ?? 0;
  }
}
