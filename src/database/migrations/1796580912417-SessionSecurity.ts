import { MigrationInterface, QueryRunner } from "typeorm";

export class SessionSecurity1796580912417 implements MigrationInterface {
    name = 'SessionSecurity1796580912417'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "login_throttle" (
                "key" character(64) NOT NULL,
                "account" character(64) NOT NULL,
                "failures" integer NOT NULL,
                "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "blocked_until" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9e09533888e7ac2f31d40a9bad" ON "login_throttle" ("account")
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "token_version" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_outbox_message_recipient" ON "outbox_message" ("to_address", "created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_message_recipient"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "token_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9e09533888e7ac2f31d40a9bad"
        `);
        await queryRunner.query(`
            DROP TABLE "login_throttle"
        `);
    }

}
