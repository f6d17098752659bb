import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1796227444279 implements MigrationInterface {
  name = 'Reminders1796227444279';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_reminder" (
                "case_id" uuid NOT NULL,
                "code" character varying(40) NOT NULL,
                "due_on" date NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5ee901d6113303fc758576c5f16" PRIMARY KEY ("case_id", "code", "due_on")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "case_id" uuid,
                "kind" character varying(40) NOT NULL,
                "message" character varying(500) NOT NULL,
                "read_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notification_user_unread" ON "notification" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_user_unread"
        `);
    await queryRunner.query(`
            DROP TABLE "notification"
        `);
    await queryRunner.query(`
            DROP TABLE "case_reminder"
        `);
  }
}
