import { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueStatusIndex1796234111599 implements MigrationInterface {
  name = 'QueueStatusIndex1796234111599';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_271e451a342cc1364519819db5"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_case_file_agency_status_queue" ON "case_file" ("agency_id", "status", "queue_due_date", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_agency_status_queue"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_271e451a342cc1364519819db5" ON "case_file" USING btree ("status")
        `);
  }
}
