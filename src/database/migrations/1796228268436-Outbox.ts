import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1796228268436 implements MigrationInterface {
  name = 'Outbox1796228268436';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."outbox_status" AS ENUM('PENDING', 'SENDING', 'SENT', 'FAILED')
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_message" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(16) NOT NULL,
                "dedupe_key" character varying(200) NOT NULL,
                "case_id" uuid,
                "to_address" character varying(320) NOT NULL,
                "subject" character varying(500) NOT NULL,
                "text_body" text NOT NULL,
                "html_body" text,
                "attachments" jsonb NOT NULL DEFAULT '[]',
                "status" "public"."outbox_status" NOT NULL DEFAULT 'PENDING',
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "message_id" character varying(250),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "transport_response" character varying(1000),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_outbox_message_dedupe_key" ON "outbox_message" ("dedupe_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbox_message_case" ON "outbox_message" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbox_message_lease" ON "outbox_message" ("locked_until")
            WHERE status = 'SENDING'
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_outbox_message_due" ON "outbox_message" ("next_attempt_at")
            WHERE status = 'PENDING'
        `);
    await queryRunner.query(`
            ALTER TABLE "outbox_message"
            ADD CONSTRAINT "FK_a190197a8ced4640697552b062f" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbox_message" DROP CONSTRAINT "FK_a190197a8ced4640697552b062f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_message_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_message_lease"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_message_case"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_outbox_message_dedupe_key"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_message"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."outbox_status"
        `);
  }
}
