import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AgencyEntity } from './agency.entity.js';

const AGENCY_CACHE_MS = 30_000;
/** Unknown codes are cached too (as null); a flood of made-up codes only clears the cache. */
const AGENCY_CACHE_MAX = 1000;

@Injectable()
export class AgenciesRepository {
  private readonly byCode = new Map<string, { agency: AgencyEntity | null; until: number }>();

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

  /**
   * An agency by code for the public submission path, from a cache of at most AGENCY_CACHE_MS: every web
   * application names its agency, which changes rarely. Changes made through this process clear the cache; another
   * instance's changes are seen within the TTL. Read-only: the object is shared.
   */
  async findByCodeCached(code: string): Promise<Readonly<AgencyEntity> | null> {
    const hit = this.byCode.get(code);
    if (hit && hit.until > Date.now()) return hit.agency;
    const agency = await this.findByCode(code);
    if (this.byCode.size >= AGENCY_CACHE_MAX) this.byCode.clear();
    this.byCode.set(code, { agency, until: Date.now() + AGENCY_CACHE_MS });
    return agency;
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
    this.byCode.clear();
    return this.repo.save(agency);
  }

  create(fields: Partial<AgencyEntity>): AgencyEntity {
    return this.repo.create(fields);
  }
}
