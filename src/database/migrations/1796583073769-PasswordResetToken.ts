import { MigrationInterface, QueryRunner } from "typeorm";

export class PasswordResetToken1796583073769 implements MigrationInterface {
    name = 'PasswordResetToken1796583073769'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "password_reset_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_838af121380dfe3a6330e04f5bb" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7eabb22ed38459ffc24dc8b415" ON "password_reset_token" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a802f319abf4af2432d629dfe5" ON "password_reset_token" ("token_hash")
        `);
        await queryRunner.query(`
            ALTER TABLE "password_reset_token"
            ADD CONSTRAINT "FK_7eabb22ed38459ffc24dc8b415d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "password_reset_token" DROP CONSTRAINT "FK_7eabb22ed38459ffc24dc8b415d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a802f319abf4af2432d629dfe5"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7eabb22ed38459ffc24dc8b415"
        `);
        await queryRunner.query(`
            DROP TABLE "password_reset_token"
        `);
    }

}
