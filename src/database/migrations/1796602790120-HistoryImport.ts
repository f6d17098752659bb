import { MigrationInterface, QueryRunner } from "typeorm";

export class HistoryImport1796602790120 implements MigrationInterface {
    name = 'HistoryImport1796602790120'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "import_job" (
                "id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "filename" character varying(200) NOT NULL,
                "content" text NOT NULL,
                "status" character varying(10) NOT NULL,
                "total" integer NOT NULL,
                "processed" integer NOT NULL DEFAULT '0',
                "created" integer NOT NULL DEFAULT '0',
                "unchanged" integer NOT NULL DEFAULT '0',
                "failed" integer NOT NULL DEFAULT '0',
                "errors" jsonb NOT NULL DEFAULT '[]',
                "results" jsonb NOT NULL DEFAULT '[]',
                "lease_until" TIMESTAMP WITH TIME ZONE,
                "error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_import_job_claim" ON "import_job" ("status", "lease_until")
        `);
        await queryRunner.query(`
            CREATE TABLE "imported_case" (
                "agency_id" uuid NOT NULL,
                "external_id" character varying(100) NOT NULL,
                "case_id" uuid NOT NULL,
                "record_sha256" character(64) NOT NULL,
                "job_id" uuid NOT NULL,
                "line" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_dcaac7b38e1e8e53a33d7df1c80" UNIQUE ("case_id"),
                CONSTRAINT "PK_a91853e5dd538aa754a53f843bf" PRIMARY KEY ("agency_id", "external_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "imported" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "imported_case"
            ADD CONSTRAINT "FK_dcaac7b38e1e8e53a33d7df1c80" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "imported_case" DROP CONSTRAINT "FK_dcaac7b38e1e8e53a33d7df1c80"
        `);
        await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "imported"
        `);
        await queryRunner.query(`
            DROP TABLE "imported_case"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_import_job_claim"
        `);
        await queryRunner.query(`
            DROP TABLE "import_job"
        `);
    }

}
