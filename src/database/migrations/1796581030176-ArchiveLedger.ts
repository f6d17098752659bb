import { MigrationInterface, QueryRunner } from "typeorm";

export class ArchiveLedger1796581030176 implements MigrationInterface {
    name = 'ArchiveLedger1796581030176'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "archive_access_log" (
                "id" BIGSERIAL NOT NULL,
                "user_id" uuid NOT NULL,
                "role" character varying(20) NOT NULL,
                "case_id" uuid NOT NULL,
                "action" character varying(40) NOT NULL,
                "purpose" character varying(200),
                "at" character varying(30) NOT NULL,
                "prev_hash" character(64),
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_0107f8c38e14acecb0342807bb3" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_archive_access_log_case" ON "archive_access_log" ("case_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "archive_ledger_entry" (
                "id" BIGSERIAL NOT NULL,
                "case_id" uuid NOT NULL,
                "event_seq" integer NOT NULL,
                "event_hash" character(64) NOT NULL,
                "leaf_index" bigint,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_59f4d03372a0489cd554d6ac4a5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_archive_ledger_entry_leaf" ON "archive_ledger_entry" ("leaf_index")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_archive_ledger_entry_unsequenced" ON "archive_ledger_entry" ("id")
            WHERE leaf_index IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_archive_ledger_entry_case" ON "archive_ledger_entry" ("case_id", "event_seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "archive_checkpoint" (
                "id" SERIAL NOT NULL,
                "tree_size" bigint NOT NULL,
                "root_hash" character(64) NOT NULL,
                "note" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2af9ba686aec1e14daa902ea5ba" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c7f08fa2537d5bacbb24bed12e" ON "archive_checkpoint" ("tree_size")
        `);
        // Every appended case event enters the agency-wide ledger in the same transaction, whatever code path
        // appended it; events recorded before the ledger existed are entered now, in case and sequence order.
        await queryRunner.query(`
            INSERT INTO "archive_ledger_entry" ("case_id", "event_seq", "event_hash")
            SELECT "case_id", "seq", "hash" FROM "case_event" ORDER BY "recorded_at", "case_id", "seq"
        `);
        await queryRunner.query(`
            CREATE FUNCTION archive_ledger_feed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO "archive_ledger_entry" ("case_id", "event_seq", "event_hash") VALUES (NEW."case_id", NEW."seq", NEW."hash");
                RETURN NEW;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER archive_ledger_feed AFTER INSERT ON "case_event"
            FOR EACH ROW EXECUTE FUNCTION archive_ledger_feed()
        `);
        // Ledger entries, checkpoints and the access log are append-only; the only change allowed is the
        // sequencer giving an entry its leaf index, once.
        await queryRunner.query(`
            CREATE FUNCTION archive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Nested: plpgsql evaluates a condition as a whole, and other tables have no leaf_index.
                IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'archive_ledger_entry' THEN
                    IF OLD."leaf_index" IS NULL AND NEW."leaf_index" IS NOT NULL
                       AND NEW."case_id" = OLD."case_id" AND NEW."event_seq" = OLD."event_seq" AND NEW."event_hash" = OLD."event_hash"
                       AND NEW."created_at" = OLD."created_at" THEN
                        RETURN NEW;
                    END IF;
                END IF;
                RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
            END $$
        `);
        for (const table of ['archive_ledger_entry', 'archive_checkpoint', 'archive_access_log']) {
            await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION archive_append_only()`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['archive_ledger_entry', 'archive_checkpoint', 'archive_access_log']) {
            await queryRunner.query(`DROP TRIGGER ${table}_append_only ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION archive_append_only()`);
        await queryRunner.query(`DROP TRIGGER archive_ledger_feed ON "case_event"`);
        await queryRunner.query(`DROP FUNCTION archive_ledger_feed()`);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c7f08fa2537d5bacbb24bed12e"
        `);
        await queryRunner.query(`
            DROP TABLE "archive_checkpoint"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_archive_ledger_entry_case"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_archive_ledger_entry_unsequenced"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_archive_ledger_entry_leaf"
        `);
        await queryRunner.query(`
            DROP TABLE "archive_ledger_entry"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_archive_access_log_case"
        `);
        await queryRunner.query(`
            DROP TABLE "archive_access_log"
        `);
    }

}
