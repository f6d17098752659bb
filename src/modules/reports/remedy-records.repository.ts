import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../database/read-database.js';
import { RemedyProceedingEntity } from '../archive/remedy-proceeding.entity.js';
import type { RemedyKind, RemedyOutcome, RemedyRecord, RemedyRecordSource } from './domain/table-four.js';

/**
 * 表四's input: the reconsideration and litigation proceedings recorded on cases (RECORD_REMEDY). A lawsuit filed
 * after reconsideration counts in the 复议后起诉 group, any other lawsuit as 未经复议直接起诉.
 */
@Injectable()
export class RemedyProceedingRecords implements RemedyRecordSource {
  /** The read replica when one is configured, like the rest of the annual report. */
  constructor(private readonly reads: ReadDatabase) {}

  async recordsFor(agencyIds: readonly string[], year: number): Promise<RemedyRecord[]> {
    if (agencyIds.length === 0) return [];
    // Only what can reach the year's table: filed by its end, and not decided before it began.
    const rows = await this.reads.run((db) =>
      db
        .getRepository(RemedyProceedingEntity)
        .createQueryBuilder('p')
        .where('p.agency_id IN (:...agencyIds)', { agencyIds })
        .andWhere('p.applied_on <= :end', { end: `${year}-12-31` })
        .andWhere('(p.decided_on IS NULL OR p.decided_on >= :start)', { start: `${year}-01-01` })
        .getMany(),
    );
    return rows.map((p) => ({ caseId: p.caseId, kind: kindOf(p), filedOn: p.appliedOn, decidedOn: p.decidedOn, outcome: p.outcome as RemedyOutcome }));
  }
}

function kindOf(p: RemedyProceedingEntity): RemedyKind {
  if (p.kind === 'RECONSIDERATION') return 'RECONSIDERATION';
  return p.afterReconsideration ? 'LITIGATION_AFTER_RECONSIDERATION' : 'LITIGATION_DIRECT';
}
