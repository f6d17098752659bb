import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1796226344895 implements MigrationInterface {
  name = 'Foundation1796226344895';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."agency_type" AS ENUM('PEOPLES_GOVERNMENT', 'GOVERNMENT_DEPARTMENT', 'VERTICALLY_MANAGED', 'OTHER')`);
    await queryRunner.query(
      `CREATE TABLE "agency" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "parent_id" uuid, "name" character varying(100) NOT NULL, "code" character varying(16) NOT NULL, "document_prefix" character varying(40) NOT NULL, "type" "public"."agency_type" NOT NULL, "reconsideration_body" character varying(100) NOT NULL, "competent_court" character varying(100) NOT NULL, "address" character varying(200), "phone" character varying(40), "settings" jsonb NOT NULL DEFAULT '{}'::jsonb, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab1244724d1c216e9720635a2e5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_23b82556fb4ce8b297ecc6fbd2" ON "agency"  ("parent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fbda24d0286deca69d0b8d30f1" ON "agency"  ("code") `);
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('APPLICANT', 'OFFICER', 'OFFICE_HEAD', 'LEGAL_ADVISOR', 'AUDITOR', 'ADMIN')`);
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(60) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" "public"."user_role" NOT NULL, "agency_id" uuid, "phone" character varying(20), "active" boolean NOT NULL DEFAULT true, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_6c389af3b251d151c0627d856f" ON "app_user"  ("agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6bbe63d2fe75e7f0ba1710351d" ON "refresh_token"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f0812282fad2e352cdaf83ef0a" ON "refresh_token"  ("token_hash") `);
    await queryRunner.query(
      `ALTER TABLE "agency" ADD CONSTRAINT "FK_23b82556fb4ce8b297ecc6fbd2f" FOREIGN KEY ("parent_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_6c389af3b251d151c0627d856f5" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_6c389af3b251d151c0627d856f5"`);
    await queryRunner.query(`ALTER TABLE "agency" DROP CONSTRAINT "FK_23b82556fb4ce8b297ecc6fbd2f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0812282fad2e352cdaf83ef0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6bbe63d2fe75e7f0ba1710351d"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6c389af3b251d151c0627d856f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fbda24d0286deca69d0b8d30f1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_23b82556fb4ce8b297ecc6fbd2"`);
    await queryRunner.query(`DROP TABLE "agency"`);
    await queryRunner.query(`DROP TYPE "public"."agency_type"`);
  }
}
