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

  /** Links unlinked rows to the case; returns how many were linked (rows already linked elsewhere are left alone). */
  async linkUnlinked(em: EntityManager, ids: readonly string[], caseId: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await em.update(AttachmentEntity, { id: In([...ids]), caseId: IsNull() }, { caseId });
    return result.affected ?? 0;
  }
}
