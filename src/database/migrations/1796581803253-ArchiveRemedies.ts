import { MigrationInterface, QueryRunner } from "typeorm";

export class ArchiveRemedies1796581803253 implements MigrationInterface {
    name = 'ArchiveRemedies1796581803253'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "remedy_proceeding" (
                "id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "kind" character varying(20) NOT NULL,
                "body" character varying(100) NOT NULL,
                "applied_on" date NOT NULL,
                "copy_received_on" date,
                "simplified" boolean NOT NULL DEFAULT false,
                "after_reconsideration" boolean NOT NULL DEFAULT false,
                "evidence_due_on" date,
                "evidence_submitted_on" date,
                "outcome" character varying(20) NOT NULL DEFAULT 'PENDING',
                "correction" character varying(30),
                "decided_on" date,
                "appealed" boolean NOT NULL DEFAULT false,
                "reminded_on" date,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6e5c8cc973ca2e04bf96801f9a2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8828165f10946d099b15ebf63c" ON "remedy_proceeding" ("case_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ecd9210b0f02f65fbfe905aca3" ON "remedy_proceeding" ("agency_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_remedy_proceeding_due" ON "remedy_proceeding" ("evidence_due_on")
            WHERE evidence_submitted_on IS NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "archive_sweep_run" (
                "id" SERIAL NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "cases_checked" integer NOT NULL,
                "events_checked" integer NOT NULL,
                "blobs_checked" integer NOT NULL,
                "ok" boolean NOT NULL,
                "problems" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "PK_0ab0e844433af836025f204e5a1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "remedy_proceeding"
            ADD CONSTRAINT "FK_8828165f10946d099b15ebf63c3" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "remedy_proceeding" DROP CONSTRAINT "FK_8828165f10946d099b15ebf63c3"
        `);
        await queryRunner.query(`
            DROP TABLE "archive_sweep_run"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_remedy_proceeding_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ecd9210b0f02f65fbfe905aca3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8828165f10946d099b15ebf63c"
        `);
        await queryRunner.query(`
            DROP TABLE "remedy_proceeding"
        `);
    }

}
