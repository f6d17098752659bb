import { MigrationInterface, QueryRunner } from 'typeorm';

export class DisclosureDecisions1796582415076 implements MigrationInterface {
  name = 'DisclosureDecisions1796582415076';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "disclosure_self_check" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "items" jsonb NOT NULL DEFAULT '[]',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7275e592b995a7c03911c940b7e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_disclosure_self_check_agency_year" ON "disclosure_self_check" ("agency_id", "year")
        `);
    await queryRunner.query(`
            CREATE TABLE "disclosure_suggestion" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "applicant_user_id" uuid,
                "reason" text NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'PENDING',
                "outcome" jsonb,
                "decided_by_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7e95526773227f7b5ac78a7de52" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_disclosure_suggestion_case" ON "disclosure_suggestion" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_disclosure_suggestion_agency" ON "disclosure_suggestion" ("agency_id", "status")
        `);
    await queryRunner.query(`
            ALTER TABLE "request_fingerprint"
            ADD "publication_suggestion" jsonb
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "request_fingerprint" DROP COLUMN "publication_suggestion"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_disclosure_suggestion_agency"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_disclosure_suggestion_case"
        `);
    await queryRunner.query(`
            DROP TABLE "disclosure_suggestion"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_disclosure_self_check_agency_year"
        `);
    await queryRunner.query(`
            DROP TABLE "disclosure_self_check"
        `);
  }
}
