import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1796227220649 implements MigrationInterface {
  name = 'Workflow1796227220649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."case_channel" AS ENUM(
                'counter',
                'fax',
                'web',
                'letter_registered',
                'letter_ordinary'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "case_file" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "tracking_number" character varying(40) NOT NULL,
                "channel" "public"."case_channel" NOT NULL,
                "receipt_date" date NOT NULL,
                "applicant_name" character varying(100) NOT NULL,
                "applicant_user_id" uuid,
                "request_description" text NOT NULL,
                "status" character varying(32) NOT NULL,
                "is_open" boolean NOT NULL DEFAULT true,
                "due_date" date,
                "queue_due_date" date NOT NULL,
                "due_date_provisional" boolean NOT NULL DEFAULT false,
                "clock_state" character varying(16) NOT NULL,
                "overdue" boolean NOT NULL DEFAULT false,
                "next_check_date" date,
                "assignee_id" uuid,
                "workflow_snapshot" jsonb NOT NULL,
                "workflow_version" integer NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "event_count" integer NOT NULL DEFAULT '0',
                "last_event_hash" character(64),
                "created_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_911fb1b39fb664d0e88843036b9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_919499fd54fb888b3c054dc293" ON "case_file" ("tracking_number")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f10f9b4f3fcbaa0776215a75a4" ON "case_file" ("applicant_user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_271e451a342cc1364519819db5" ON "case_file" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_47dba7e0864abce7a43e646324" ON "case_file" ("assignee_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_case_file_next_check" ON "case_file" ("next_check_date")
            WHERE next_check_date IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_case_file_queue" ON "case_file" ("agency_id", "queue_due_date", "id")
            WHERE is_open
        `);
    await queryRunner.query(`
            CREATE TABLE "case_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "type" character varying(40) NOT NULL,
                "effective_date" date NOT NULL,
                "recorded_at" character varying(30) NOT NULL,
                "actor_id" uuid,
                "actor_role" character varying(20) NOT NULL,
                "payload" jsonb NOT NULL DEFAULT '{}',
                "reason" text,
                "back_dated" boolean NOT NULL DEFAULT false,
                "prev_hash" character(64),
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_case_event_seq" ON "case_event" ("case_id", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "tracking_sequence" (
                "agency_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "PK_f118a01edca88e9640653340d1c" PRIMARY KEY ("agency_id", "year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_day" (
                "date" date NOT NULL,
                "year" integer NOT NULL,
                "kind" character varying(16) NOT NULL,
                "name" character varying(40),
                "source" character varying(200) NOT NULL,
                "version" integer NOT NULL,
                CONSTRAINT "PK_82404934db32af18c10dfe7087e" PRIMARY KEY ("date")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calendar_day_year" ON "calendar_day" ("year")
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_version" (
                "id" SERIAL NOT NULL,
                "year" integer NOT NULL,
                "source" character varying(200) NOT NULL,
                "days" jsonb NOT NULL,
                "note" text,
                "created_by_id" uuid,
                "cases_recomputed" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_aa1131bd5d740b3dc0448302633" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_calendar_version_year" ON "calendar_version" ("year")
        `);
    await queryRunner.query(`
            CREATE TABLE "legal_referral" (
                "id" uuid NOT NULL,
                "case_id" uuid NOT NULL,
                "advisor_id" uuid NOT NULL,
                "question" text NOT NULL,
                "difficult" boolean NOT NULL DEFAULT false,
                "referred_on" date NOT NULL,
                "referred_by_id" uuid NOT NULL,
                "opinion" character varying(24),
                "opinion_text" text,
                "articles" jsonb,
                "answered_on" date,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_422ce2d7428ff68fd300552f75a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c6489ae5cea5d533d90dc0daee" ON "legal_referral" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_legal_referral_advisor" ON "legal_referral" ("advisor_id", "case_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD CONSTRAINT "FK_0fb4d5458f7ecf5987dc390a313" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD CONSTRAINT "FK_f10f9b4f3fcbaa0776215a75a46" FOREIGN KEY ("applicant_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD CONSTRAINT "FK_47dba7e0864abce7a43e6463241" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_event"
            ADD CONSTRAINT "FK_85962fcd8d72296385c01a5dd45" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "legal_referral"
            ADD CONSTRAINT "FK_c6489ae5cea5d533d90dc0daee7" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "legal_referral"
            ADD CONSTRAINT "FK_8dea4448e2f65a5c0cecac0db9b" FOREIGN KEY ("advisor_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // The event log is append-only (tamper evidence): corrections are new events.
    await queryRunner.query(`
            CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'case_event is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON "case_event"
            FOR EACH ROW EXECUTE FUNCTION case_event_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_event_append_only ON "case_event"`);
    await queryRunner.query(`DROP FUNCTION case_event_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "legal_referral" DROP CONSTRAINT "FK_8dea4448e2f65a5c0cecac0db9b"
        `);
    await queryRunner.query(`
            ALTER TABLE "legal_referral" DROP CONSTRAINT "FK_c6489ae5cea5d533d90dc0daee7"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_event" DROP CONSTRAINT "FK_85962fcd8d72296385c01a5dd45"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP CONSTRAINT "FK_47dba7e0864abce7a43e6463241"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP CONSTRAINT "FK_f10f9b4f3fcbaa0776215a75a46"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_file" DROP CONSTRAINT "FK_0fb4d5458f7ecf5987dc390a313"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_legal_referral_advisor"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c6489ae5cea5d533d90dc0daee"
        `);
    await queryRunner.query(`
            DROP TABLE "legal_referral"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calendar_version_year"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_version"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_calendar_day_year"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_day"
        `);
    await queryRunner.query(`
            DROP TABLE "tracking_sequence"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_case_event_seq"
        `);
    await queryRunner.query(`
            DROP TABLE "case_event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_queue"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_next_check"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_47dba7e0864abce7a43e646324"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_271e451a342cc1364519819db5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f10f9b4f3fcbaa0776215a75a4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_919499fd54fb888b3c054dc293"
        `);
    await queryRunner.query(`
            DROP TABLE "case_file"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."case_channel"
        `);
  }
}
