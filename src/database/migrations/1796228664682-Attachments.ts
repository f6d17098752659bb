import { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1796228664682 implements MigrationInterface {
  name = 'Attachments1796228664682';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."attachment_purpose" AS ENUM(
                'APPLICATION_SCAN',
                'ENVELOPE',
                'FAX_PAGES',
                'ID_DOCUMENT',
                'POWER_OF_ATTORNEY',
                'CORRECTION',
                'SIGNED_RECEIPT',
                'OTHER'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "attachment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid,
                "purpose" "public"."attachment_purpose" NOT NULL,
                "filename" character varying(120) NOT NULL,
                "content_type" character varying(100) NOT NULL,
                "byte_size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "storage_key" character varying(300) NOT NULL,
                "uploaded_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8d275604024969976deea60958" ON "attachment" ("case_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6ebb77b3cb008899ef9c042011" ON "attachment" ("sha256")
        `);
    await queryRunner.query(`
            ALTER TABLE "attachment"
            ADD CONSTRAINT "FK_8d275604024969976deea609584" FOREIGN KEY ("case_id") REFERENCES "case_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "attachment"
            ADD CONSTRAINT "FK_98872340e922bc9a2efd5ae144a" FOREIGN KEY ("uploaded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "attachment" DROP CONSTRAINT "FK_98872340e922bc9a2efd5ae144a"
        `);
    await queryRunner.query(`
            ALTER TABLE "attachment" DROP CONSTRAINT "FK_8d275604024969976deea609584"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6ebb77b3cb008899ef9c042011"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8d275604024969976deea60958"
        `);
    await queryRunner.query(`
            DROP TABLE "attachment"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."attachment_purpose"
        `);
  }
}
