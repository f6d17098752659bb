import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractText } from 'unpdf';
import { ArchiveFullTextSearch1796602587655 } from '../../src/database/migrations/1796602587655-ArchiveFullTextSearch.js';
import { ArchiveWorkflowService } from '../../src/modules/archive/archive-workflow.service.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { readZip, verifyBundle } from '../../scripts/verify-bundle.mjs';
import { residentId, webApplication } from '../setup/applications.js';
import { ADMIN, AUDITOR, HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('evidence archive: sealing, automatic archiving, remedy proceedings, integrity sweep', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let auditor: string;
  let admin: string;
  let workflow: ArchiveWorkflowService;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    auditor = await sut.tokenFor(AUDITOR);
    admin = await sut.tokenFor(ADMIN);
    workflow = sut.app.get(ArchiveWorkflowService);
  });

  afterAll(async () => {
    await sut.close();
  });

  /** A counter application answered and delivered by post today. */
  async function deliveredCase(): Promise<string> {
    const c = await registerCase(sut, sut.clock.today());
    for (const [token, body] of [
      [officer, { type: 'ACCEPT' }],
      [officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }],
      [officer, { type: 'SUBMIT_FOR_APPROVAL' }],
      [head, { type: 'APPROVE_REPLY' }],
      [officer, { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA000000001CN' }],
    ] as const) {
      const res = await sendEvent(sut, token, c.id, body);
      if (res.status !== 200) throw new Error(`${body.type}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return c.id;
  }

  const events = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body as { type: string; actorRole: string; payload: Record<string, unknown> }[];

  it('should seal an archived case: edits refused, only delivery proof, remedy records and legal hold accepted', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const id = await deliveredCase();
    const archived = await sendEvent(sut, officer, id, { type: 'ARCHIVE' });
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('ARCHIVED');
    expect(archived.body.allowedEvents).toEqual(['RECORD_DELIVERY_PROOF', 'RECORD_REMEDY', 'SET_LEGAL_HOLD']);
    expect((await events(id)).at(-1)).toMatchObject({ type: 'ARCHIVE', payload: { sealed: { retentionYears: 30, retentionUntil: '2056-12-31', legalHold: false } } });

    for (const body of [{ type: 'CLOSE', closeReason: 'OTHER' }, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }, { type: 'WITHDRAW' }, { type: 'ARCHIVE' }]) {
      const res = await sendEvent(sut, officer, id, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toMatch(/^(EVENT_NOT_ALLOWED|CASE_RULE_VIOLATION)$/);
    }
    const hold = await sendEvent(sut, officer, id, { type: 'SET_LEGAL_HOLD', hold: true, grounds: '行政诉讼尚未审结' });
    expect(hold.status).toBe(200);
    const remedy = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', kind: 'LITIGATION', body: '示例县人民法院', appliedOn: '2026-03-09' });
    expect(remedy.status).toBe(200);
    expect(remedy.body.status).toBe('ARCHIVED');
    // Auditors change nothing, sealed or not.
    expect((await sendEvent(sut, auditor, id, { type: 'SET_LEGAL_HOLD', hold: false, grounds: 'x' })).status).toBe(403);

    const bundle = await zipOf(sut.http.get(`/api/v1/cases/${id}/bundle`).set('Authorization', `Bearer ${officer}`));
    const caseJson = JSON.parse(readZip(bundle.body as Buffer).get('data/case.json')!.toString('utf8'));
    expect(caseJson.retention).toMatchObject({ years: 30, legalHold: true });
  });

  it('should archive automatically 15 days after delivery (agency default), by the system', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const id = await deliveredCase();
    sut.clock.set('2026-03-23T02:00:00Z');
    await workflow.archiveDue();
    expect((await events(id)).at(-1)?.type).toBe('DELIVER_REPLY');
    sut.clock.set('2026-03-24T02:00:00Z');
    expect(await workflow.archiveDue()).toBeGreaterThanOrEqual(1);
    expect((await events(id)).at(-1)).toMatchObject({ type: 'ARCHIVE', actorRole: 'SYSTEM', payload: expect.objectContaining({ automatic: true }) });
    expect(await workflow.archiveDue()).toBe(0);
  });

  it('should record a reconsideration with its evidence deadline in working days, remind of it, and produce the evidence package in one action', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const id = await deliveredCase();
    sut.clock.set('2026-04-02T02:00:00Z');
    // Copy received Thursday 2026-04-02; 04-04..04-06 are the Qingming days off: ten working days end on 04-17
    // (行政复议法第四十八条 with 第八十八条: its 十日 are working days).
    const recorded = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', kind: 'RECONSIDERATION', body: '示例县人民政府', appliedOn: '2026-03-30', copyReceivedOn: '2026-04-02' });
    expect(recorded.status).toBe(200);
    const list = await sut.http.get(`/api/v1/cases/${id}/remedies`).set('Authorization', `Bearer ${auditor}`);
    expect(list.body).toEqual([expect.objectContaining({ kind: 'RECONSIDERATION', kindLabel: '行政复议', evidenceDueOn: '2026-04-17', outcome: 'PENDING', evidenceSubmittedOn: null })]);
    const proceedingId = list.body[0].id as string;

    const bad = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', proceedingId, outcome: 'CORRECTED' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'correction' })]);
    const unknown = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', proceedingId: '00000000-0000-4000-8000-000000000000', outcome: 'UPHELD' });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'proceedingId', code: 'NOT_FOUND' })]);

    // Reminder three working days before the deadline, once.
    sut.clock.set('2026-04-13T02:00:00Z');
    expect(await workflow.remindDue()).toBe(0);
    sut.clock.set('2026-04-14T02:00:00Z');
    expect(await workflow.remindDue()).toBe(1);
    expect(await workflow.remindDue()).toBe(0);
    const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${head}`);
    expect(notes.body).toContainEqual(expect.objectContaining({ caseId: id, kind: 'REMEDY_EVIDENCE_DUE', message: expect.stringContaining('2026-04-17前提交') }));

    expect((await sut.http.post(`/api/v1/cases/${id}/remedies/${proceedingId}/evidence-package`).set('Authorization', `Bearer ${auditor}`)).status).toBe(403);
    const pkg = await zipOf(sut.http.post(`/api/v1/cases/${id}/remedies/${proceedingId}/evidence-package`).set('Authorization', `Bearer ${officer}`));
    expect(pkg.status).toBe(200);
    const zip = pkg.body as Buffer;
    expect(verifyBundle(zip).ok).toBe(true);
    const files = readZip(zip);
    const list2 = [...files.keys()].find((n) => n.endsWith('-evidence-list.pdf'))!;
    const text = (await extractText(new Uint8Array(files.get(list2)!), { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain('行政复议证据材料：提交示例县人民政府（提交期限：2026-04-17）');
    expect(text).toContain('证据目录');
    const after = await sut.http.get(`/api/v1/cases/${id}/remedies`).set('Authorization', `Bearer ${officer}`);
    expect(after.body[0].evidenceSubmittedOn).toBe('2026-04-14');

    const decided = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', proceedingId, outcome: 'CORRECTED', correction: 'ORDERED_TO_PERFORM', decidedOn: '2026-04-14' });
    expect(decided.status).toBe(200);
    const [row] = await sut.dataSource.query(`SELECT outcome, correction, decided_on FROM remedy_proceeding WHERE id = $1`, [proceedingId]);
    expect(row).toEqual({ outcome: 'CORRECTED', correction: 'ORDERED_TO_PERFORM', decided_on: '2026-04-14' });
  });

  it('should give a lawsuit fifteen calendar days from the complaint copy (行政诉讼法第六十七条)', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const id = await deliveredCase();
    sut.clock.set('2026-04-03T02:00:00Z');
    // 04-03 + 15 days = Saturday 04-18 → the next working day, Monday 04-20 (民事诉讼法第八十五条).
    const res = await sendEvent(sut, officer, id, { type: 'RECORD_REMEDY', kind: 'LITIGATION', body: '示例县人民法院', appliedOn: '2026-03-31', copyReceivedOn: '2026-04-03', afterReconsideration: false });
    expect(res.status).toBe(200);
    const list = await sut.http.get(`/api/v1/cases/${id}/remedies`).set('Authorization', `Bearer ${officer}`);
    expect(list.body).toEqual([expect.objectContaining({ kind: 'LITIGATION', evidenceDueOn: '2026-04-20' })]);
  });

  it('should let auditors search the archive (filters, full text, applicant by keyed hash) and export the result as CSV', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '某村集体土地征收公告', description: '请求公开某村集体土地征收公告及补偿标准。' } }, 77));
    expect(submitted.status).toBe(201);
    const search = (query: string, token = auditor) => sut.http.get(`/api/v1/archive/search${query}`).set('Authorization', `Bearer ${token}`);

    const byApplicant = await search(`?applicantIdType=RESIDENT_ID&applicantIdNumber=${residentId(77)}`);
    expect(byApplicant.status).toBe(200);
    expect(byApplicant.body.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toEqual([submitted.body.trackingNumber]);
    expect((await search(`?applicantIdType=RESIDENT_ID&applicantIdNumber=${residentId(78)}`)).body.items).toEqual([]);

    const fullText = await search(`?q=${encodeURIComponent('集体土地征收')}`);
    expect(fullText.body.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toContain(submitted.body.trackingNumber);
    expect((await search(`?q=${encodeURIComponent('养老保险')}`)).body.items).toEqual([]);

    const remedies = await search('?remedy=true&replyType=DISCLOSE&status=DELIVERED');
    expect(remedies.body.items.length).toBeGreaterThanOrEqual(2);
    for (const item of remedies.body.items) expect(item).toMatchObject({ remedy: true, replyType: 'DISCLOSE', status: 'DELIVERED', closedOn: expect.any(String) });
    const closed = await search('?closedFrom=2026-03-09&closedTo=2026-03-09&channel=counter');
    expect(closed.body.items.length).toBeGreaterThanOrEqual(3);
    expect(closed.body.items.every((i: { closedOn: string; channel: string }) => i.closedOn === '2026-03-09' && i.channel === 'counter')).toBe(true);
    const paged = await search('?limit=1');
    expect(paged.body.items).toHaveLength(1);
    expect((await search(`?limit=1&after=${paged.body.nextCursor}`)).body.items[0].id > paged.body.items[0].id).toBe(true);

    expect((await search('?overdue=maybe')).status).toBe(422);
    expect((await search('', officer)).status).toBe(403);
    const csv = await sut.http.get('/api/v1/archive/search.csv?remedy=true').set('Authorization', `Bearer ${auditor}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('案件编号,机关,渠道,状态,收到申请之日,办结之日,答复类型,逾期,法律会商,复议或诉讼,申请内容');
    expect(lines.length).toBe(1 + remedies.body.items.length + (await search('?remedy=true&status=ARCHIVED')).body.items.length);
    expect(lines[1]).toContain('示例县自然资源局');
  });

  it('should find a request by a Chinese word of its text (jieba words, GIN index), in the auditor\'s subtree only, by API and on the page', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const apply = async (agencyCode: string, title: string, description: string, n: number) => {
      const res = await sut.http.post('/api/v1/applications').send(webApplication({ agencyCode, request: { title, description } }, n));
      expect(res.status).toBe(201);
      return caseIdOf(res.body.trackingNumber as string);
    };
    const caseIdOf = async (trackingNumber: string) => ((await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [trackingNumber])) as { id: string }[])[0]!.id;
    // In the county's subtree (自然资源局); the same words at the tax bureau (vertically managed: not in the subtree); other words.
    const inScope = await apply('SLXZR', '城南片区旧城改造', '请求公开城南片区旧城改造项目的房屋拆迁补偿标准及安置方案。', 81);
    const outOfScope = await apply('SLXSW', '拆迁补偿款个人所得税', '请求公开房屋拆迁补偿款免征个人所得税的执行口径。', 82);
    const other = await apply('SLXZR', '耕地占补平衡', '请求公开本县2025年耕地占补平衡指标交易情况。', 83);

    const ids = async (q: string) => {
      const res = await sut.http.get(`/api/v1/archive/search?q=${encodeURIComponent(q)}&limit=200`).set('Authorization', `Bearer ${auditor}`);
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id);
    };
    const found = await ids('拆迁补偿');
    expect(found).toContain(inScope);
    expect(found).not.toContain(outOfScope);
    expect(found).not.toContain(other);
    expect(await ids('耕地占补平衡')).toEqual([other]);
    expect(await ids('拆迁补偿 耕地')).toEqual([]);
    expect(await ids('养老保险')).toEqual([]);
    // The words of the title count too.
    expect(await ids('旧城改造')).toEqual([inScope]);

    const page = async (q: string) => {
      const res = await sut.http.get(`/staff/audit?q=${encodeURIComponent(q)}`).set('Cookie', `gk_access=${auditor}`).redirects(0);
      expect(res.status).toBe(200);
      return res.text;
    };
    const html = await page('拆迁补偿');
    expect(html).toContain(`/staff/audit/cases/${inScope}`);
    expect(html).not.toContain(`/staff/audit/cases/${outOfScope}`);
    expect(html).not.toContain(`/staff/audit/cases/${other}`);
    expect(html).toContain('请求公开城南片区旧城改造项目的房屋拆迁补偿标准及安置方案。');
    expect(await page('养老保险')).toContain('没有符合条件的案卷');

    // Rows written before the index existed are backfilled by the migration: undone and done again, the words come back.
    const migration = new ArchiveFullTextSearch1796602587655();
    const runner = sut.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await ids('拆迁补偿')).toContain(inScope);
    expect(await ids('耕地占补平衡')).toEqual([other]);
  });

  it('should have no hard-delete path for cases, events or documents (routes and repositories)', async () => {
    const docs = await sut.http.get('/api/docs-json');
    const deletes = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => 'delete' in methods)
      .map(([p]) => p);
    expect(deletes.filter((p) => /cases|events|documents|archive|remedies/.test(p))).toEqual([]);

    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts') && !full.endsWith('.spec.ts')) files.push(full);
      }
    };
    walk('src/modules');
    const protectedTables = /(case_file|case_event|issued_document|archive_ledger_entry|archive_checkpoint|archive_access_log|remedy_proceeding)\b/;
    const protectedEntities = /\b(CaseEntity|CaseEventEntity|IssuedDocumentEntity|LedgerEntryEntity|CheckpointEntity|AccessLogEntity|RemedyProceedingEntity)\b/;
    const offending = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i: i + 1, line }))
        .filter(({ line }) => (/DELETE\s+FROM/i.test(line) && protectedTables.test(line)) || (/\.(delete|remove|softDelete|softRemove)\(/.test(line) && protectedEntities.test(line))),
    );
    expect(offending).toEqual([]);
    // And the database refuses it anyway.
    for (const table of ['case_event', 'issued_document', 'archive_ledger_entry', 'archive_checkpoint', 'archive_access_log']) {
      await expect(sut.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only|immutable/);
    }
  });

  it('should detect a row deleted with SQL in the integrity sweep, notify admins and show it in /health/ready detail', async () => {
    sut.clock.set('2026-03-09T02:00:00Z');
    const id = await deliveredCase();
    const [{ tracking_number: trackingNumber }] = await sut.dataSource.query(`SELECT tracking_number FROM case_file WHERE id = $1`, [id]);
    // Run once on a sound database (earlier tests left nothing broken).
    const clean = await sut.http.post('/api/v1/archive/sweeps').set('Authorization', `Bearer ${admin}`);
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, problems: [] });
    expect(clean.body.blobsChecked).toBeGreaterThan(0);

    await sut.dataSource.transaction(async (em) => {
      await em.query('ALTER TABLE case_event DISABLE TRIGGER case_event_append_only');
      await em.query(`DELETE FROM case_event WHERE case_id = $1 AND seq = 3`, [id]);
      await em.query('ALTER TABLE case_event ENABLE TRIGGER case_event_append_only');
    });
    const dirty = await workflow.sweep();
    expect(dirty?.ok).toBe(false);
    expect(dirty?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'EVENT_MISSING', trackingNumber, seq: 3, message: `案件 ${trackingNumber} 第3条事件已被删除` })]));

    const ready = await sut.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.archive).toMatchObject({ status: 'up', ok: false, failures: expect.any(Number) });
    const sweeps = await sut.http.get('/api/v1/archive/sweeps').set('Authorization', `Bearer ${auditor}`);
    expect(sweeps.body[0]).toMatchObject({ ok: false });
    expect((await sut.http.post('/api/v1/archive/sweeps').set('Authorization', `Bearer ${auditor}`)).status).toBe(403);
    const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${admin}`);
    expect(notes.body).toContainEqual(expect.objectContaining({ kind: 'ARCHIVE_INTEGRITY_FAILURE', message: expect.stringContaining('完整性巡检发现') }));

    // The scheduler's round sweeps at most daily, judged by the last run stored (not by this process's memory).
    const runs = (await sut.http.get('/api/v1/archive/sweeps').set('Authorization', `Bearer ${admin}`)).body.length;
    await workflow.tick();
    expect((await sut.http.get('/api/v1/archive/sweeps').set('Authorization', `Bearer ${admin}`)).body.length).toBe(runs);
    sut.clock.set('2026-03-11T02:00:00Z');
    await workflow.tick();
    expect((await sut.http.get('/api/v1/archive/sweeps').set('Authorization', `Bearer ${admin}`)).body.length).toBe(runs + 1);
  });
});

/** The response body as bytes (supertest parses only text and JSON by itself). */
function zipOf(req: ReturnType<TestApp['http']['get']>) {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
