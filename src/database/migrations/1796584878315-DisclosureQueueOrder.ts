import { MigrationInterface, QueryRunner } from 'typeorm';

export class DisclosureQueueOrder1796584878315 implements MigrationInterface {
  name = 'DisclosureQueueOrder1796584878315';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "disclosure_queue"
            ADD "seq" BIGSERIAL NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_disclosure_queue_seq" ON "disclosure_queue" ("seq")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_disclosure_queue_seq"
        `);
    await queryRunner.query(`
            ALTER TABLE "disclosure_queue" DROP COLUMN "seq"
        `);
  }
}
