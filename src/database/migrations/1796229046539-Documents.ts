import { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1796229046539 implements MigrationInterface {
  name = 'Documents1796229046539';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "document_sequence" (
                "agency_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "series" character varying(20) NOT NULL,
                "last_value" integer NOT NULL,
                CONSTRAINT "PK_1b8b204d1294ebf2b6c44752aec" PRIMARY KEY ("agency_id", "year", "series")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "issued_document" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "kind" character varying(40) NOT NULL,
                "template_id" character varying(40) NOT NULL,
                "template_version" integer NOT NULL,
                "title" character varying(100) NOT NULL,
                "document_number" character varying(100) NOT NULL,
                "series" character varying(20) NOT NULL,
                "seq" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "storage_key" character varying(200) NOT NULL,
                "byte_size" integer NOT NULL,
                "issued_on" date NOT NULL,
                "issued_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1a9f2dc02e78fca4081931cd71e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3306f1fb003ddd806d07864d50" ON "issued_document" ("case_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_issued_document_number" ON "issued_document" ("agency_id", "document_number")
        `);
    await queryRunner.query(`
            ALTER TABLE "issued_document"
            ADD CONSTRAINT "FK_3306f1fb003ddd806d07864d507" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "issued_document"
            ADD CONSTRAINT "FK_b3a90bc26dc367d69d6380fc94c" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "issued_document"
            ADD CONSTRAINT "FK_2fcd7972bddb1ec49199e9f7a7a" FOREIGN KEY ("issued_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // An issued document is evidence: never changed or deleted; a correction is a new document.
    await queryRunner.query(`
            CREATE FUNCTION issued_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'issued_document is immutable (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER issued_document_immutable BEFORE UPDATE OR DELETE ON "issued_document"
            FOR EACH ROW EXECUTE FUNCTION issued_document_immutable()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER issued_document_immutable ON "issued_document"`);
    await queryRunner.query(`DROP FUNCTION issued_document_immutable()`);
    await queryRunner.query(`
            ALTER TABLE "issued_document" DROP CONSTRAINT "FK_2fcd7972bddb1ec49199e9f7a7a"
        `);
    await queryRunner.query(`
            ALTER TABLE "issued_document" DROP CONSTRAINT "FK_b3a90bc26dc367d69d6380fc94c"
        `);
    await queryRunner.query(`
            ALTER TABLE "issued_document" DROP CONSTRAINT "FK_3306f1fb003ddd806d07864d507"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_issued_document_number"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3306f1fb003ddd806d07864d50"
        `);
    await queryRunner.query(`
            DROP TABLE "issued_document"
        `);
    await queryRunner.query(`
            DROP TABLE "document_sequence"
        `);
  }
}
