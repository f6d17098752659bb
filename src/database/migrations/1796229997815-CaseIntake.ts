import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseIntake1796229997815 implements MigrationInterface {
  name = 'CaseIntake1796229997815';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "idempotency_key" (
                "scope" character varying(40) NOT NULL,
                "key" character varying(128) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "case_id" uuid NOT NULL,
                "response" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2738e797ef2c60d9a902bad976a" PRIMARY KEY ("scope", "key")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "receipt_basis" text
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "receipt_override" jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "submitted_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "intake" jsonb NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "applicant" jsonb NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "applicant_category" character varying(32)
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "applicant_id_encrypted" text
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "applicant_key" character(64)
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "request_title" character varying(200)
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "request_document_number" character varying(100)
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "delivery" jsonb NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "query_code_hash" character(64)
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "hints" jsonb NOT NULL DEFAULT '[]'
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ALTER COLUMN "receipt_date" DROP NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ALTER COLUMN "created_by_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ab9d98de81e08913b9794f9941" ON "case_file" ("applicant_key")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ab9d98de81e08913b9794f9941"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ALTER COLUMN "created_by_id"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ALTER COLUMN "receipt_date"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "hints"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "query_code_hash"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "delivery"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "request_document_number"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "request_title"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "applicant_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "applicant_id_encrypted"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "applicant_category"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "applicant"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "intake"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "submitted_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "receipt_override"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "receipt_basis"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_key"
        `);
  }
}
