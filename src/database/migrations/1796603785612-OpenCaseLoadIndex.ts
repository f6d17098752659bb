import { MigrationInterface, QueryRunner } from "typeorm";

export class OpenCaseLoadIndex1796603785612 implements MigrationInterface {
    name = 'OpenCaseLoadIndex1796603785612'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "IDX_case_file_open_load" ON "case_file" (
                "agency_id",
                "status",
                "assignee_id",
                "overdue",
                "due_date"
            )
            WHERE is_open
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_open_load"
        `);
    }

}
