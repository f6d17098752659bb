import { MigrationInterface, QueryRunner } from 'typeorm';

export class AnnualReport1796583329250 implements MigrationInterface {
  name = 'AnnualReport1796583329250';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "published_annual_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "subtree" boolean NOT NULL,
                "figures" jsonb NOT NULL,
                "explanation" text,
                "published_by_id" uuid NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a780f19e0f1686124dcfd2f89ba" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_published_annual_report" ON "published_annual_report" ("agency_id", "year", "subtree")
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "closed_on" date
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "closing_type" character varying(40)
        `);
    // Cases concluded before this migration: the day and kind of their last closing event, the delivered
    // reply's type from the statechart context (the same facts the service now writes when a case closes).
    await queryRunner.query(`
            UPDATE "case_file" c SET "closed_on" = e."effective_date",
              "closing_type" = CASE e."type"
                WHEN 'DELIVER_REPLY' THEN c."workflow_snapshot"->'context'->>'draftReplyType'
                WHEN 'WITHDRAW' THEN 'WITHDRAWN'
                WHEN 'CORRECTION_LAPSED' THEN 'ABANDONED_NO_CORRECTION'
                WHEN 'FEE_LAPSED' THEN 'ABANDONED_NO_FEE'
                WHEN 'CLOSE' THEN 'CLOSED_' || (c."workflow_snapshot"->'context'->>'closeReason')
              END
            FROM (
              SELECT DISTINCT ON ("case_id") "case_id", "type", "effective_date" FROM "case_event"
              WHERE "type" IN ('DELIVER_REPLY', 'WITHDRAW', 'CORRECTION_LAPSED', 'FEE_LAPSED', 'CLOSE')
              ORDER BY "case_id", "seq" DESC
            ) e
            WHERE e."case_id" = c."id" AND NOT c."is_open"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_case_file_report" ON "case_file" ("agency_id", "receipt_date", "closed_on")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_report"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "closing_type"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "closed_on"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_published_annual_report"
        `);
    await queryRunner.query(`
            DROP TABLE "published_annual_report"
        `);
  }
}
