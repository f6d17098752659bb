import { MigrationInterface, QueryRunner } from "typeorm";

export class ArchiveExportJob1796592623199 implements MigrationInterface {
    name = 'ArchiveExportJob1796592623199'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "archive_export_job" (
                "id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "requested_role" character varying(20) NOT NULL,
                "query" jsonb NOT NULL,
                "purpose" character varying(200) NOT NULL,
                "case_ids" jsonb NOT NULL,
                "status" character varying(10) NOT NULL,
                "done" integer NOT NULL DEFAULT '0',
                "bytes" bigint NOT NULL DEFAULT '0',
                "lease_until" TIMESTAMP WITH TIME ZONE,
                "error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_77830768f0b67e49b41c81c1f31" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_archive_export_job_claim" ON "archive_export_job" ("status", "lease_until")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."ix_archive_export_job_claim"
        `);
        await queryRunner.query(`
            DROP TABLE "archive_export_job"
        `);
    }

}
