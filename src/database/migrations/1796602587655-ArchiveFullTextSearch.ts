import { MigrationInterface, QueryRunner } from "typeorm";
import { searchTokens, tsvectorLiteral } from "../../common/text/search-text.js";

/** Rows segmented per round trip of the backfill. */
const BATCH = 1000;

export class ArchiveFullTextSearch1796602587655 implements MigrationInterface {
    name = 'ArchiveFullTextSearch1796602587655'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "case_file"
            ADD "search_vector" tsvector NOT NULL DEFAULT ''
        `);
        // Backfill: the words of every existing request, title and description cut by the application's jieba exactly as
        // new cases are (requestSearchText; PostgreSQL has no Chinese parser), in id order, one batch per statement.
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
            const rows: { id: string; request_title: string | null; request_description: string }[] = await queryRunner.query(
                `SELECT id, request_title, request_description FROM "case_file" WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
                [after],
            );
            if (rows.length === 0) break;
            await queryRunner.query(
                `UPDATE "case_file" c SET "search_vector" = v.sv::tsvector FROM unnest($1::uuid[], $2::text[]) AS v(id, sv) WHERE c.id = v.id`,
                [rows.map((r) => r.id), rows.map((r) => tsvectorLiteral(searchTokens([r.request_title, r.request_description].filter(Boolean).join('\n'))))],
            );
            after = rows[rows.length - 1].id;
        }
        // GIN over the words (declared on the entity with synchronize: false: TypeORM cannot declare a GIN index).
        await queryRunner.query(`
            CREATE INDEX "IDX_case_file_search" ON "case_file" USING gin ("search_vector")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_case_file_search"
        `);
        await queryRunner.query(`
            ALTER TABLE "case_file" DROP COLUMN "search_vector"
        `);
    }

}
