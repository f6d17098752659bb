import { MigrationInterface, QueryRunner } from 'typeorm';

export class Disclosure1796581388964 implements MigrationInterface {
  name = 'Disclosure1796581388964';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "disclosure_action" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "cluster_id" uuid NOT NULL,
                "kind" character varying(32) NOT NULL,
                "case_ids" uuid array NOT NULL DEFAULT '{}',
                "payload" jsonb NOT NULL DEFAULT '{}',
                "by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_79e71298f4cab5f75ea55f18249" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_disclosure_action_cluster" ON "disclosure_action" ("cluster_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "disclosure_cluster" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'ACTIVE',
                "merged_into_id" uuid,
                "label" character varying(200) NOT NULL,
                "reasons" jsonb NOT NULL DEFAULT '[]',
                "decision" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bad6763d321c81da8662b9528e3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_disclosure_cluster_agency" ON "disclosure_cluster" ("agency_id", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "disclosure_queue" (
                "case_id" uuid NOT NULL,
                "enqueued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "attempts" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_af61716e81926cd2f3d0d850820" PRIMARY KEY ("case_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "publication" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agency_id" uuid NOT NULL,
                "cluster_id" uuid,
                "title" character varying(200) NOT NULL,
                "document_number" character varying(100),
                "channel" character varying(16) NOT NULL,
                "location" character varying(500) NOT NULL,
                "url" character varying(500),
                "published_on" date,
                "publish_by" date NOT NULL,
                "fingerprint" jsonb NOT NULL,
                "block_keys" text array NOT NULL,
                "created_by_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8aea8363d5213896a78d8365fab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_publication_agency" ON "publication" ("agency_id", "published_on")
        `);
    await queryRunner.query(`
            CREATE TABLE "request_fingerprint" (
                "case_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "applicant_key" character varying(120) NOT NULL,
                "received_on" date NOT NULL,
                "fingerprint" jsonb NOT NULL,
                "block_keys" text array NOT NULL,
                "cluster_id" uuid,
                "matches" jsonb NOT NULL DEFAULT '[]',
                "excluded_cluster_ids" uuid array NOT NULL DEFAULT '{}',
                "algorithm_version" integer NOT NULL,
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f4ab97172117bee5844d74f0c25" PRIMARY KEY ("case_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_request_fingerprint_agency_received" ON "request_fingerprint" ("agency_id", "received_on")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_request_fingerprint_cluster" ON "request_fingerprint" ("cluster_id")
            WHERE cluster_id IS NOT NULL
        `);
    // Candidate retrieval: requests sharing a block key (keys carry the agency, so one agency's keys never
    // mix with another's). TypeORM cannot declare GIN indexes; the entities mark these synchronize: false.
    // fastupdate off: every detection inserts one row and searches at once; a pending list would be scanned
    // linearly by each search until the next merge.
    await queryRunner.query(`
            CREATE INDEX "IDX_request_fingerprint_block_keys" ON "request_fingerprint" USING gin ("block_keys") WITH (fastupdate = off)
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_publication_block_keys" ON "publication" USING gin ("block_keys")
        `);
    // Every new case is queued for detection in the transaction that writes it: a crash after the commit
    // loses nothing, and intake itself runs no matching (one extra row insert).
    await queryRunner.query(`
            CREATE FUNCTION disclosure_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO disclosure_queue (case_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER case_file_disclosure_enqueue AFTER INSERT ON case_file
            FOR EACH ROW EXECUTE FUNCTION disclosure_enqueue()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TRIGGER case_file_disclosure_enqueue ON case_file
        `);
    await queryRunner.query(`
            DROP FUNCTION disclosure_enqueue()
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_publication_block_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_request_fingerprint_block_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_request_fingerprint_cluster"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_request_fingerprint_agency_received"
        `);
    await queryRunner.query(`
            DROP TABLE "request_fingerprint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_publication_agency"
        `);
    await queryRunner.query(`
            DROP TABLE "publication"
        `);
    await queryRunner.query(`
            DROP TABLE "disclosure_queue"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_disclosure_cluster_agency"
        `);
    await queryRunner.query(`
            DROP TABLE "disclosure_cluster"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_disclosure_action_cluster"
        `);
    await queryRunner.query(`
            DROP TABLE "disclosure_action"
        `);
  }
}
