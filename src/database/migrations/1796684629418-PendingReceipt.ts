import { MigrationInterface, QueryRunner } from "typeorm";

export class PendingReceipt1796684629418 implements MigrationInterface {
    name = 'PendingReceipt1796684629418'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "pending_receipt" (
                "case_id" uuid NOT NULL,
                "actor_id" uuid,
                "actor_role" character varying(20) NOT NULL,
                "retry_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a357c5522c41d26eced82a249f6" PRIMARY KEY ("case_id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "pending_receipt"
        `);
    }

}
