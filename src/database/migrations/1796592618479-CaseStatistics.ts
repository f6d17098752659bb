import { MigrationInterface, QueryRunner } from 'typeorm';

/** The key of a case's group in case_statistics (a missing date is `infinity`, a missing type ''). */
const KEY = (r: string, as?: string) =>
  [`${r}.agency_id`, `coalesce(${r}.receipt_date, 'infinity'::date)`, `coalesce(${r}.closed_on, 'infinity'::date)`, `${r}.channel::text`, `coalesce(${r}.closing_type, '')`, `${r}.overdue`]
    .map((e, i) => (as ? `${e} AS ${as}${i + 1}` : e))
    .join(', ');
const HAS = (r: string, type: string) => `EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = ${r}.id AND e.type = '${type}')`;
const COLUMNS = `agency_id, receipt_date, closed_on, channel, closing_type, overdue`;
const UPSERT = `ON CONFLICT (${COLUMNS}) DO UPDATE SET cases = s.cases + EXCLUDED.cases, corrected = s.corrected + EXCLUDED.corrected, extended = s.extended + EXCLUDED.extended`;

/**
 * Running totals for the operational statistics, kept exact by triggers: statement-level triggers on case_file
 * move each changed case from its old group to its new one (sorted, so concurrent writers lock groups in the same
 * order); a row trigger on case_event counts a case's first correction request and first approved extension in
 * the group the case is in at that moment (the case row is updated after its event, which then moves the flags).
 */
export class CaseStatistics1796592618479 implements MigrationInterface {
  name = 'CaseStatistics1796592618479';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "case_statistics" (
                "agency_id" uuid NOT NULL,
                "receipt_date" date NOT NULL,
                "closed_on" date NOT NULL,
                "channel" character varying(24) NOT NULL,
                "closing_type" character varying(40) NOT NULL,
                "overdue" boolean NOT NULL,
                "cases" integer NOT NULL DEFAULT '0',
                "corrected" integer NOT NULL DEFAULT '0',
                "extended" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_a89061021bf1af6d7350640ab46" PRIMARY KEY (
                    "agency_id",
                    "receipt_date",
                    "closed_on",
                    "channel",
                    "closing_type",
                    "overdue"
                )
            )
        `);
    await queryRunner.query(`
      CREATE FUNCTION case_statistics_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        LOCK TABLE case_statistics IN EXCLUSIVE MODE;
        DELETE FROM case_statistics;
        INSERT INTO case_statistics (${COLUMNS}, cases, corrected, extended)
        SELECT ${KEY('c')}, count(*), count(*) FILTER (WHERE ${HAS('c', 'REQUEST_CORRECTION')}), count(*) FILTER (WHERE ${HAS('c', 'APPROVE_EXTENSION')})
          FROM case_file c GROUP BY 1, 2, 3, 4, 5, 6;
      END $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION case_statistics_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO case_statistics AS s (${COLUMNS}, cases, corrected, extended)
        SELECT ${KEY('c')}, count(*), count(*) FILTER (WHERE ${HAS('c', 'REQUEST_CORRECTION')}), count(*) FILTER (WHERE ${HAS('c', 'APPROVE_EXTENSION')})
          FROM new_rows c GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ${UPSERT};
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION case_statistics_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        WITH moved AS (
          SELECT ${KEY('o', 'f')}, ${KEY('n', 't')}, ${HAS('n', 'REQUEST_CORRECTION')}::int AS corr, ${HAS('n', 'APPROVE_EXTENSION')}::int AS ext
            FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE (o.agency_id, o.receipt_date, o.closed_on, o.channel, o.closing_type, o.overdue) IS DISTINCT FROM (n.agency_id, n.receipt_date, n.closed_on, n.channel, n.closing_type, n.overdue)
        ), delta AS (
          SELECT f1 AS k1, f2 AS k2, f3 AS k3, f4 AS k4, f5 AS k5, f6 AS k6, -1 AS n, -corr AS corr, -ext AS ext FROM moved
          UNION ALL
          SELECT t1, t2, t3, t4, t5, t6, 1, corr, ext FROM moved
        )
        INSERT INTO case_statistics AS s (${COLUMNS}, cases, corrected, extended)
        SELECT k1, k2, k3, k4, k5, k6, sum(n), sum(corr), sum(ext) FROM delta GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ${UPSERT};
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION case_statistics_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO case_statistics AS s (${COLUMNS}, cases, corrected, extended)
        SELECT ${KEY('c')}, -count(*), -count(*) FILTER (WHERE ${HAS('c', 'REQUEST_CORRECTION')}), -count(*) FILTER (WHERE ${HAS('c', 'APPROVE_EXTENSION')})
          FROM old_rows c GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ${UPSERT};
        RETURN NULL;
      END $fn$`);
    // The first REQUEST_CORRECTION / APPROVE_EXTENSION of a case counts once, in the case's current group.
    await queryRunner.query(`
      CREATE FUNCTION case_statistics_on_event() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = NEW.case_id AND e.type = NEW.type AND e.seq < NEW.seq) THEN RETURN NULL; END IF;
        INSERT INTO case_statistics AS s (${COLUMNS}, cases, corrected, extended)
        SELECT ${KEY('c')}, 0, (NEW.type = 'REQUEST_CORRECTION')::int, (NEW.type = 'APPROVE_EXTENSION')::int FROM case_file c WHERE c.id = NEW.case_id
        ${UPSERT};
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(`CREATE TRIGGER case_statistics_insert AFTER INSERT ON case_file REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_on_insert()`);
    await queryRunner.query(`CREATE TRIGGER case_statistics_update AFTER UPDATE ON case_file REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_on_update()`);
    await queryRunner.query(`CREATE TRIGGER case_statistics_delete AFTER DELETE ON case_file REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_on_delete()`);
    // TRUNCATE fires no row or DELETE triggers: empty the totals with the cases.
    await queryRunner.query(`CREATE FUNCTION case_statistics_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN DELETE FROM case_statistics; RETURN NULL; END $fn$`);
    await queryRunner.query(`CREATE TRIGGER case_statistics_truncate AFTER TRUNCATE ON case_file FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_on_truncate()`);
    await queryRunner.query(
      `CREATE TRIGGER case_statistics_event AFTER INSERT ON case_event FOR EACH ROW WHEN (NEW.type IN ('REQUEST_CORRECTION', 'APPROVE_EXTENSION')) EXECUTE FUNCTION case_statistics_on_event()`,
    );
    // Cases recorded before this migration.
    await queryRunner.query(`SELECT case_statistics_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_statistics_event ON case_event`);
    for (const op of ['insert', 'update', 'delete', 'truncate']) await queryRunner.query(`DROP TRIGGER case_statistics_${op} ON case_file`);
    for (const fn of ['rebuild', 'on_insert', 'on_update', 'on_delete', 'on_truncate', 'on_event']) await queryRunner.query(`DROP FUNCTION case_statistics_${fn}()`);
    await queryRunner.query(`DROP TABLE "case_statistics"`);
  }
}
