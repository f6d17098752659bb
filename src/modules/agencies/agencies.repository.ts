import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AgencyEntity } from './agency.entity.js';

@Injectable()
export class AgenciesRepository {
  constructor(@InjectRepository(AgencyEntity) private readonly repo: Repository<AgencyEntity>) {}

  findAll(): Promise<AgencyEntity[]> {
    return this.repo.find({ order: { code: 'ASC' } });
  }

  /** Inside a transaction pass its EntityManager: a second pooled connection per transaction can exhaust the pool. */
  findById(id: string, em?: EntityManager): Promise<AgencyEntity | null> {
    return em ? em.findOneBy(AgencyEntity, { id }) : this.repo.findOneBy({ id });
  }

  findByCode(code: string): Promise<AgencyEntity | null> {
    return this.repo.findOneBy({ code });
  }

  /** The agency and every agency below it (an auditor's or a county government's reach). */
  async findSubtreeIds(rootId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.repo.query(
      `WITH RECURSIVE t AS (SELECT id FROM agency WHERE id = $1
         UNION ALL SELECT a.id FROM agency a JOIN t ON a.parent_id = t.id)
       SELECT id FROM t`,
      [rootId],
    );
    return rows.map((r) => r.id);
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  save(agency: AgencyEntity): Promise<AgencyEntity> {
    return this.repo.save(agency);
  }

  create(fields: Partial<AgencyEntity>): AgencyEntity {
    return this.repo.create(fields);
  }
}
