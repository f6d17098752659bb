import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case statechart version 4 keeps the co-review (会商) state in the snapshot's context, where the APPROVE_REPLY
 * guard reads it. Every stored version-3 snapshot gets it from the case's referral rows (flagged 重大复杂疑难 by any
 * referral; agreed by any AGREE or AGREE_WITH_CHANGES; disagreed by any DISAGREE) and is marked version 4. Older
 * snapshots are left to the in-code migrations, which run on read.
 */
export class LegalReviewContext1796590000000 implements MigrationInterface {
  name = 'LegalReviewContext1796590000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            UPDATE "case_file" c
            SET "workflow_snapshot" = jsonb_set(
                    c."workflow_snapshot",
                    '{context}',
                    (c."workflow_snapshot" -> 'context') || jsonb_build_object(
                        'legalReviewDifficult', COALESCE(r.difficult, false),
                        'legalOpinionAgreed', COALESCE(r.agreed, false),
                        'legalOpinionDisagreed', COALESCE(r.disagreed, false)
                    )
                ),
                "workflow_version" = 4
            FROM "case_file" c2
            LEFT JOIN (
                SELECT "case_id",
                       bool_or("difficult") AS difficult,
                       bool_or("opinion" IN ('AGREE', 'AGREE_WITH_CHANGES')) AS agreed,
                       bool_or("opinion" = 'DISAGREE') AS disagreed
                FROM "legal_referral"
                GROUP BY "case_id"
            ) r ON r."case_id" = c2."id"
            WHERE c2."id" = c."id" AND c."workflow_version" = 3
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            UPDATE "case_file"
            SET "workflow_snapshot" = jsonb_set(
                    "workflow_snapshot",
                    '{context}',
                    ("workflow_snapshot" -> 'context') - 'legalReviewDifficult' - 'legalOpinionAgreed' - 'legalOpinionDisagreed'
                ),
                "workflow_version" = 3
            WHERE "workflow_version" = 4
        `);
  }
}
