import { join } from 'node:path';
import { pairwiseScore } from '../../src/modules/disclosure/domain/evaluation.js';
import { goldGroups, loadLabelledSet } from '../../src/modules/disclosure/domain/testing/labelled-set.js';
import { DisclosureService } from '../../src/modules/disclosure/disclosure.service.js';
import { DisclosureWorker } from '../../src/modules/disclosure/disclosure-worker.service.js';
import { PUBLICATION_SEARCH_PER_MINUTE } from '../../src/modules/disclosure/disclosure.module.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { residentId, webApplication } from '../setup/applications.js';
import { APPLICANT, AUDITOR, HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const AGENCY_OF: Record<string, string> = { ZRZY: 'SLXZR', ZJJ: 'SLXZJ', QSZ: 'SLXQS', SWJ: 'SLXSW' };

interface Group {
  id: string;
  label: string;
  reasons: string[];
  members: { caseId: string; trackingNumber: string; receivedOn: string; repeat: boolean; withheld: boolean }[];
  distinctApplicants: number;
  reachesThreshold: boolean;
}

describe('proactive disclosure: detection, groups and the worklist', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-10T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should reproduce the labelled set’s groups from web applications at the stated floors', async () => {
    const set = loadLabelledSet(join(process.cwd(), 'test/fixtures/disclosure/requests.jsonl'));
    const idOf = new Map<string, string>();
    const applicantNo = new Map<string, number>();
    for (const r of set) {
      if (!applicantNo.has(r.applicant)) applicantNo.set(r.applicant, applicantNo.size + 1);
      const n = applicantNo.get(r.applicant)!;
      const body = webApplication({ agencyCode: AGENCY_OF[r.agency], request: { title: r.title, description: r.description, ...(r.docNo ? { documentNumber: r.docNo } : {}) } }, n);
      (body.applicant as Record<string, unknown>).idNumber = residentId(n);
      const res = await sut.http.post('/api/v1/applications').send(body);
      expect(res.status).toBe(201);
      idOf.set(res.body.trackingNumber as string, r.id);
    }
    // Every application was queued in its own intake transaction.
    const [{ n }] = await sut.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM disclosure_queue');
    expect(n).toBe(set.length);

    const result = await sut.app.get(DisclosureService).backfill(null);
    expect(result.processed).toBe(set.length);
    const rows = await sut.dataSource.query<{ tracking_number: string; cluster_id: string | null }[]>(
      'SELECT c.tracking_number, f.cluster_id FROM request_fingerprint f JOIN case_file c ON c.id = f.case_id',
    );
    const predicted = new Map<string, string[]>();
    for (const row of rows) {
      const key = row.cluster_id ?? row.tracking_number;
      predicted.set(key, [...(predicted.get(key) ?? []), idOf.get(row.tracking_number)!]);
    }
    const score = pairwiseScore([...predicted.values()], goldGroups(set));
    process.stdout.write(`backfill over the labelled set: P ${score.precision.toFixed(3)} R ${score.recall.toFixed(3)} F1 ${score.f1.toFixed(3)}, groups ${score.groupsFound}/${score.goldGroups}\n`);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.f1).toBeGreaterThanOrEqual(0.85);
  });

  describe('on cases registered by the office', () => {
    const cases: { id: string; trackingNumber: string }[] = [];
    let group: Group;

    beforeAll(async () => {
      const register = async (date: string, name: string, title: string, description: string) =>
        registerCase(sut, date, { applicantName: name, requestDescription: undefined, request: { title, description } });
      cases.push(await register('2025-09-01', '赵一', '前锋村2025年征地补偿方案', '请公开前锋村2025年征地补偿方案。'));
      cases.push(await register('2025-10-12', '钱二', '前锋村二〇二五年度集体土地征收补偿标准', '根据条例第二十七条，申请公开前锋村2025年度土地征收补偿标准，请尽快答复。'));
      cases.push(await register('2025-11-20', '赵一', '再次申请前锋村2025年征地补偿方案', '本人此前已申请过，现再次申请前锋村2025年征地补偿安置方案。'));
      cases.push(await register('2026-01-05', '孙三', '前锋村2025年拆迁补偿方案', '请提供前锋村2025年拆迁补偿方案全文。'));
      // Look-alikes: another year, another kind of document.
      cases.push(await register('2026-02-02', '李四', '前锋村2024年征地补偿方案', '请公开前锋村2024年征地补偿方案。'));
      cases.push(await register('2026-02-03', '周五', '前锋村2025年征地补偿款发放明细', '请公开前锋村2025年征地补偿款发放明细。'));
      const res = await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`);
      expect(res.status).toBe(200);
      expect(res.body.processed).toBeGreaterThanOrEqual(6);
    });

    const groupsOf = async (token: string, query = '') => {
      const res = await sut.http.get(`/api/v1/disclosure/groups${query}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return res.body as Group[];
    };
    const find = (groups: Group[]) => groups.find((g) => g.members.some((m) => m.caseId === cases[0].id));

    it('should group the same information from three applicants, mark the repeat, and leave the look-alikes out', async () => {
      group = find(await groupsOf(officer))!;
      expect(group.members.map((m) => m.caseId).sort()).toEqual(cases.slice(0, 4).map((c) => c.id).sort());
      expect(group.distinctApplicants).toBe(3);
      expect(group.members.find((m) => m.caseId === cases[2].id)?.repeat).toBe(true);
      expect(group.reasons.join('；')).toMatch(/同一地点和年份（前锋，2025年）/);
      expect(group.reachesThreshold).toBe(true);
    });

    it('should put the group on the worklist, and read groups over any date range as an auditor', async () => {
      const worklist = await sut.http.get('/api/v1/disclosure/worklist').set('Authorization', `Bearer ${await sut.tokenFor(HEAD)}`);
      expect(worklist.status).toBe(200);
      expect((worklist.body as Group[]).map((g) => g.id)).toContain(group.id);

      const auditor = await sut.tokenFor(AUDITOR);
      const before = find(await groupsOf(auditor, '?from=2025-09-01&to=2025-10-31'))!;
      expect(before.distinctApplicants).toBe(2);
      expect(before.reachesThreshold).toBe(false);
      expect(find(await groupsOf(auditor, '?from=2026-03-01&to=2026-03-10'))).toBeUndefined();
      const bad = await sut.http.get('/api/v1/disclosure/groups?from=2026-01-01&to=2025-01-01').set('Authorization', `Bearer ${auditor}`);
      expect(bad.status).toBe(422);
      // Auditors change nothing.
      const denied = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/remove-member`).set('Authorization', `Bearer ${auditor}`).send({ caseId: cases[3].id, reason: 'x' });
      expect(denied.status).toBe(403);
    });

    it('should remove a false member for good: the record stays, a later run does not put it back', async () => {
      const res = await sut.http
        .post(`/api/v1/disclosure/groups/${group.id}/remove-member`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ caseId: cases[3].id, reason: '申请的是拆迁补偿协议，不是补偿方案' });
      expect(res.status).toBe(200);
      expect((res.body as Group).members.map((m) => m.caseId)).not.toContain(cases[3].id);

      // Recompute everything (as after a new algorithm version): the officer's removal holds.
      await sut.dataSource.query('UPDATE request_fingerprint SET algorithm_version = 0');
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const again = await sut.http.get(`/api/v1/disclosure/groups/${group.id}`).set('Authorization', `Bearer ${officer}`);
      expect(again.body.members.map((m: { caseId: string }) => m.caseId)).not.toContain(cases[3].id);
      expect(again.body.actions).toEqual([expect.objectContaining({ kind: 'REMOVE_MEMBER', caseIds: [cases[3].id], payload: { reason: '申请的是拆迁补偿协议，不是补偿方案' } })]);

      // A new application for the same information still joins the group.
      const next = await registerCase(sut, '2026-03-02', { applicantName: '吴六', requestDescription: undefined, request: { title: '前锋村2025年征地补偿安置方案', description: '申请公开前锋村2025年征地补偿安置方案。' } });
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const after = await sut.http.get(`/api/v1/disclosure/groups/${group.id}`).set('Authorization', `Bearer ${officer}`);
      expect(after.body.members.map((m: { caseId: string }) => m.caseId)).toContain(next.id);
    });

    it('should split and merge groups, recorded on both', async () => {
      const split = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/split`).set('Authorization', `Bearer ${officer}`).send({ caseIds: [cases[1].id], reason: '核对后为另一文件' });
      expect(split.status).toBe(200);
      const newId = split.body.to.id as string;
      expect(split.body.to.members.map((m: { caseId: string }) => m.caseId)).toEqual([cases[1].id]);

      const merged = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/merge`).set('Authorization', `Bearer ${officer}`).send({ otherGroupId: newId });
      expect(merged.status).toBe(200);
      expect(merged.body.members.map((m: { caseId: string }) => m.caseId)).toContain(cases[1].id);
      expect(merged.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['REMOVE_MEMBER', 'SPLIT', 'MERGE']);
      const gone = await sut.http.post(`/api/v1/disclosure/groups/${newId}/merge`).set('Authorization', `Bearer ${officer}`).send({ otherGroupId: group.id });
      expect(gone.status).toBe(409);
      const notMine = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/split`).set('Authorization', `Bearer ${officer}`).send({ caseIds: [cases[4].id] });
      expect(notMine.status).toBe(422);
    });

    it('should merge a group of more than a thousand members whole, and match new requests against it', async () => {
      // A much-asked item (a village's compensation plan) gathers thousands of requests: 1,100 copies of a member's
      // case and fingerprint, in a group of their own.
      const split = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/split`).set('Authorization', `Bearer ${officer}`).send({ caseIds: [cases[1].id] });
      expect(split.status).toBe(200);
      const bigId = split.body.to.id as string;
      await sut.dataSource.query(
        `INSERT INTO case_file
         SELECT (jsonb_populate_record(NULL::case_file, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'tracking_number', split_part(c.tracking_number, '-', 1) || '-2025-9' || lpad(g::text, 5, '0')))).*
           FROM case_file c, generate_series(1, 1100) g WHERE c.id = $1`,
        [cases[0].id],
      );
      await sut.dataSource.query(
        `INSERT INTO request_fingerprint
         SELECT (jsonb_populate_record(NULL::request_fingerprint, to_jsonb(f) || jsonb_build_object('case_id', c.id, 'cluster_id', $2::uuid))).*
           FROM request_fingerprint f, case_file c WHERE f.case_id = $1 AND c.tracking_number LIKE '%-2025-9%'`,
        [cases[0].id, bigId],
      );
      // Detected long ago: out of the queue the case trigger put them in.
      await sut.dataSource.query(`DELETE FROM disclosure_queue q USING case_file c WHERE c.id = q.case_id AND c.tracking_number LIKE '%-2025-9%'`);
      const count = async (clusterId: string) => Number((await sut.dataSource.query(`SELECT count(*) AS n FROM request_fingerprint WHERE cluster_id = $1`, [clusterId]))[0].n);
      expect(await count(bigId)).toBe(1101);
      const before = await count(group.id);

      const merged = await sut.http.post(`/api/v1/disclosure/groups/${group.id}/merge`).set('Authorization', `Bearer ${officer}`).send({ otherGroupId: bigId });
      expect(merged.status).toBe(200);
      expect(await count(bigId)).toBe(0);
      expect(await count(group.id)).toBe(before + 1101);

      // A new request for the same plan joins the big group; another year's plan does not (the veto holds).
      const same = await registerCase(sut, '2026-03-02', { applicantName: '郑七', requestDescription: undefined, request: { title: '前锋村2025年征地补偿方案', description: '请公开前锋村2025年征地补偿方案。' } });
      const other = await registerCase(sut, '2026-03-02', { applicantName: '王八', requestDescription: undefined, request: { title: '前锋村2023年征地补偿方案', description: '请公开前锋村2023年征地补偿方案。' } });
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const clusterOf = async (caseId: string) => (await sut.dataSource.query(`SELECT cluster_id FROM request_fingerprint WHERE case_id = $1`, [caseId]))[0].cluster_id as string | null;
      expect(await clusterOf(same.id)).toBe(group.id);
      expect(await clusterOf(other.id)).not.toBe(group.id);
    });

    it('should answer 404 for a group of another agency or one that does not exist', async () => {
      const res = await sut.http.get('/api/v1/disclosure/groups/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${officer}`);
      expect(res.status).toBe(404);
    });
  });

  describe('decisions, publications, suggestions and the self-check', () => {
    let groupId: string;
    let head: string;

    beforeAll(async () => {
      head = await sut.tokenFor(HEAD);
      const register = (date: string, name: string, title: string) => registerCase(sut, date, { applicantName: name, requestDescription: undefined, request: { title, description: `请公开${title}。` } });
      await register('2026-01-06', '郑甲', '后营村2025年征地补偿方案');
      await register('2026-01-20', '王乙', '后营村2025年度土地征收补偿标准');
      await register('2026-02-11', '冯丙', '后营村2025年拆迁补偿安置方案');
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const worklist = await sut.http.get('/api/v1/disclosure/worklist').set('Authorization', `Bearer ${officer}`);
      groupId = (worklist.body as Group[]).find((g) => g.label.includes('后营村'))!.id;
    });

    it('should draw up the self-check on 1 November with a reminder to the office head, and export it as CSV', async () => {
      sut.clock.set('2026-11-01T01:00:00Z');
      try {
        await sut.app.get(DisclosureWorker).runOnce();
        const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${head}`);
        expect(JSON.stringify(notes.body)).toMatch(/2026年度政府信息公开自查清单已生成/);
        const check = await sut.http.get('/api/v1/disclosure/self-checks/2026').set('Authorization', `Bearer ${head}`);
        expect(check.status).toBe(200);
        const item = check.body.items.find((i: { groupId: string }) => i.groupId === groupId);
        expect(item).toMatchObject({ kind: 'FREQUENT', distinctApplicants: 3, conclusion: null });

        const concluded = await sut.http.post('/api/v1/disclosure/self-checks/2026/conclusions').set('Authorization', `Bearer ${head}`).send({ key: item.key, conclusion: 'PUBLISH', note: '可转为主动公开' });
        expect(concluded.status).toBe(200);
        const noReason = await sut.http.post('/api/v1/disclosure/self-checks/2026/conclusions').set('Authorization', `Bearer ${head}`).send({ key: item.key, conclusion: 'STILL_WITHHELD' });
        expect(noReason.status).toBe(422);

        const csv = await sut.http.get('/api/v1/disclosure/self-checks/2026/csv').set('Authorization', `Bearer ${await sut.tokenFor(AUDITOR)}`).query({ agencyId: check.body.agencyId }).buffer(true);
        expect(csv.status).toBe(200);
        expect(csv.headers['content-type']).toMatch(/^text\/csv/);
        const text = String(csv.text);
        expect(text).toContain('类别,案件编号,申请内容,答复类型,不同申请人数,审查结论,说明,审查时间');
        expect(text).toMatch(/申请较集中,SLXZR-2026-\d{6} SLXZR-2026-\d{6} SLXZR-2026-\d{6},后营村2025年征地补偿方案,,3,可以公开，转为主动公开（条例第十八条）,可转为主动公开/);
      } finally {
        sut.clock.set('2026-03-10T02:00:00Z');
      }
    });

    it('should publish a group with its 20-working-day limit, and show ALREADY_PUBLIC on the next matching application', async () => {
      const bad = await sut.http.post(`/api/v1/disclosure/groups/${groupId}/decision`).set('Authorization', `Bearer ${officer}`).send({ kind: 'NOT_PUBLISH', reason: 'OTHER' });
      expect(bad.status).toBe(422);

      const res = await sut.http
        .post(`/api/v1/disclosure/groups/${groupId}/decision`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ kind: 'PUBLISH', publication: { title: '后营村2025年征地补偿安置方案', channel: 'WEBSITE', location: '示例县人民政府网站·政府信息公开·征地信息', url: 'https://www.slx.gov.cn/zdxx/2026/houying.html', publishedOn: '2026-03-10' } });
      expect(res.status).toBe(200);
      const limit = await sut.http.get('/api/v1/calendar/add-workdays?date=2026-03-10&n=20').set('Authorization', `Bearer ${officer}`);
      expect(res.body.decision).toMatchObject({ kind: 'PUBLISH', decidedOn: '2026-03-10', publishBy: limit.body.result });
      expect(res.body.publications[0]).toMatchObject({ channelLabel: '政府网站', publishedOn: '2026-03-10', publishBy: limit.body.result });
      expect(res.body.actions.map((a: { kind: string }) => a.kind)).toContain('DECIDE_PUBLISH');

      const next = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '后营村二〇二五年征地补偿方案', description: '请公开后营村2025年征地补偿方案，请尽快答复。' } }, 901));
      expect(next.status).toBe(201);
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const [row] = await sut.dataSource.query('SELECT id FROM case_file WHERE tracking_number = $1', [next.body.trackingNumber]);
      const view = await sut.http.get(`/api/v1/cases/${row.id}/disclosure`).set('Authorization', `Bearer ${officer}`);
      expect(view.status).toBe(200);
      expect(view.body.alreadyPublic).toMatchObject({ replyType: 'ALREADY_PUBLIC', location: '示例县人民政府网站·政府信息公开·征地信息', url: 'https://www.slx.gov.cn/zdxx/2026/houying.html', publishedOn: '2026-03-10' });
      expect(view.body.alreadyPublic.rule).toContain('第三十六条第（一）项');
      expect(view.body.group.decision.kind).toBe('PUBLISH');

      // The public search, without login, while someone types.
      const found = await sut.http.get('/api/v1/publications').query({ q: '后营村2025年征地补偿方案', agencyCode: 'SLXZR' });
      expect(found.status).toBe(200);
      expect(found.body[0]).toMatchObject({ title: '后营村2025年征地补偿安置方案', publishedOn: '2026-03-10' });
      const other = await sut.http.get('/api/v1/publications').query({ q: '后营村2024年征地补偿方案', agencyCode: 'SLXZR' });
      expect(other.body).toEqual([]);
    });

    it('should take an applicant’s suggestion after the reply, and show them the outcome', async () => {
      const applicant = await sut.tokenFor(APPLICANT);
      const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${applicant}`).send(webApplication({ request: { title: '南关社区2025年老旧小区改造方案', description: '请公开南关社区2025年老旧小区改造方案。' } }, 902));
      expect(submitted.status).toBe(201);
      const [row] = await sut.dataSource.query('SELECT id FROM case_file WHERE tracking_number = $1', [submitted.body.trackingNumber]);
      const early = await sut.http.post(`/api/v1/cases/${row.id}/disclosure-suggestions`).set('Authorization', `Bearer ${applicant}`).send({ reason: '涉及全社区居民' });
      expect(early.status).toBe(409);

      await sendEvent(sut, officer, row.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-10' });
      await sendEvent(sut, officer, row.id, { type: 'ACCEPT' });
      await sendEvent(sut, officer, row.id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
      await sendEvent(sut, officer, row.id, { type: 'SUBMIT_FOR_APPROVAL' });
      expect((await sendEvent(sut, head, row.id, { type: 'APPROVE_REPLY' })).status).toBe(200);
      expect((await sendEvent(sut, officer, row.id, { type: 'DELIVER_REPLY', method: 'EMAIL' })).status).toBe(200);

      const suggested = await sut.http.post(`/api/v1/cases/${row.id}/disclosure-suggestions`).set('Authorization', `Bearer ${applicant}`).send({ reason: '涉及全社区居民，需要公众广泛知晓' });
      expect(suggested.status).toBe(201);
      // Another applicant's case: 404, as for every case they may not see.
      const foreign = await sut.http.post(`/api/v1/cases/${row.id}/disclosure-suggestions`).set('Authorization', `Bearer ${officer}`).send({ reason: 'x' });
      expect(foreign.status).toBe(403);

      const items = await sut.http.get('/api/v1/disclosure/suggestions').set('Authorization', `Bearer ${officer}`);
      expect(items.body.map((i: { id: string }) => i.id)).toContain(suggested.body.id);
      const reviewed = await sut.http.post(`/api/v1/disclosure/suggestions/${suggested.body.id}/review`).set('Authorization', `Bearer ${head}`).send({ accept: false, reason: '仅涉及个别楼栋，已向申请人公开' });
      expect(reviewed.status).toBe(200);
      const again = await sut.http.post(`/api/v1/disclosure/suggestions/${suggested.body.id}/review`).set('Authorization', `Bearer ${head}`).send({ accept: false, reason: '再次审核' });
      expect(again.status).toBe(409);

      const mine = await sut.http.get(`/api/v1/cases/${row.id}/disclosure`).set('Authorization', `Bearer ${applicant}`);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({ suggestions: [expect.objectContaining({ status: 'REFUSED', outcome: { reason: '仅涉及个别楼栋，已向申请人公开' } })] });

      // On the case's own log: the full answer for the office, the bare fact for the applicant (their milestone).
      const staffLog = await sut.http.get(`/api/v1/cases/${row.id}/events`).set('Authorization', `Bearer ${officer}`);
      expect(staffLog.body.at(-1)).toMatchObject({ type: 'DISCLOSURE_SUGGESTION_REVIEWED', actorRole: 'OFFICE_HEAD', payload: { suggestionId: suggested.body.id, outcome: 'REFUSED', decision: '不予采纳申请人的主动公开建议：仅涉及个别楼栋，已向申请人公开' } });
      const ownLog = await sut.http.get(`/api/v1/cases/${row.id}/events`).set('Authorization', `Bearer ${applicant}`);
      expect(ownLog.body.at(-1)).toMatchObject({ type: 'DISCLOSURE_SUGGESTION_REVIEWED', actorId: null, payload: {} });
      const lookup = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: submitted.body.trackingNumber, queryCode: submitted.body.queryCode });
      expect(lookup.body.milestones.at(-1)).toEqual({ date: '2026-03-10', label: '您关于主动公开的建议已审核：不予采纳' });
    });
  });

  // 条例第四十四条: a decision on a group lands on each member's own event log (hash-chained, whatever the member's
  // state, the sealed archive included), visible to staff and auditors, not to the applicant.
  describe('decisions on the case timelines of the members', () => {
    const ids: Record<'archived' | 'open' | 'submitted', string> = { archived: '', open: '', submitted: '' };
    let submitted: { trackingNumber: string; queryCode: string };
    let groupId: string;
    let head: string;
    let applicant: string;

    beforeAll(async () => {
      head = await sut.tokenFor(HEAD);
      applicant = await sut.tokenFor(APPLICANT);
      const register = (date: string, name: string, title: string) => registerCase(sut, date, { applicantName: name, requestDescription: undefined, request: { title, description: `请公开${title}。` } });
      ids.archived = (await register('2026-01-07', '郑甲', '北坡村2025年征地补偿方案')).id;
      ids.open = (await register('2026-01-21', '王乙', '北坡村2025年度土地征收补偿标准')).id;
      for (const [token, body] of [
        [officer, { type: 'ACCEPT' }],
        [officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }],
        [officer, { type: 'SUBMIT_FOR_APPROVAL' }],
        [head, { type: 'APPROVE_REPLY' }],
        [officer, { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA000000002CN' }],
        [officer, { type: 'ARCHIVE' }],
      ] as const) {
        expect([body.type, (await sendEvent(sut, token, ids.archived, body)).status]).toEqual([body.type, 200]);
      }
      // The demo applicant's own web application, still waiting for the receipt to be confirmed (SUBMITTED).
      const web = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${applicant}`).send(webApplication({ request: { title: '北坡村2025年拆迁补偿安置方案', description: '请公开北坡村2025年拆迁补偿安置方案。' } }, 903));
      expect(web.status).toBe(201);
      submitted = { trackingNumber: web.body.trackingNumber, queryCode: web.body.queryCode };
      [{ id: ids.submitted }] = await sut.dataSource.query('SELECT id FROM case_file WHERE tracking_number = $1', [submitted.trackingNumber]);
      await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
      const groups = await sut.http.get('/api/v1/disclosure/groups').set('Authorization', `Bearer ${officer}`);
      groupId = (groups.body as Group[]).find((g) => g.members.some((m) => m.caseId === ids.archived))!.id;
      const members = (groups.body as Group[]).find((g) => g.id === groupId)!.members.map((m) => m.caseId);
      expect(members.sort()).toEqual(Object.values(ids).sort());
    });

    const eventsAs = async (token: string, id: string) => {
      const res = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return res.body as { type: string; actorId: string | null; actorRole: string; payload: Record<string, unknown>; hash: string }[];
    };

    it('should record a decision on every member’s events, the sealed one too, hash-chained and seen by auditors', async () => {
      const forged = await sendEvent(sut, officer, ids.open, { type: 'DISCLOSURE_DECIDED' });
      expect(forged.status).toBe(403);

      const res = await sut.http
        .post(`/api/v1/disclosure/groups/${groupId}/decision`)
        .set('Authorization', `Bearer ${head}`)
        .send({ kind: 'NOT_PUBLISH', reason: 'OTHER', text: '涉及正在核查的补偿争议，内部研究后再议' });
      expect(res.status).toBe(200);
      const [{ id: headId }] = await sut.dataSource.query("SELECT id FROM app_user WHERE email = 'head@demo.gongkai.local'");
      const auditor = await sut.tokenFor(AUDITOR);
      for (const id of Object.values(ids)) {
        for (const token of [officer, auditor]) {
          const decided = (await eventsAs(token, id)).filter((e) => e.type === 'DISCLOSURE_DECIDED');
          expect(decided).toEqual([
            expect.objectContaining({
              actorId: headId,
              actorRole: 'OFFICE_HEAD',
              payload: expect.objectContaining({ groupId, kind: 'NOT_PUBLISH', decision: '决定不予主动公开该信息：其他：涉及正在核查的补偿争议，内部研究后再议' }),
            }),
          ]);
        }
        const verify = await sut.http.get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${auditor}`);
        expect(verify.body).toMatchObject({ ok: true, problems: [] });
      }
      // Nothing else moved: the sealed case stays sealed and offers what it offered; the submitted one still waits.
      const archived = await sut.http.get(`/api/v1/cases/${ids.archived}`).set('Authorization', `Bearer ${officer}`);
      expect([archived.body.status, archived.body.allowedEvents]).toEqual(['ARCHIVED', ['RECORD_DELIVERY_PROOF', 'RECORD_REMEDY', 'SET_LEGAL_HOLD']]);
      expect((await sut.http.get(`/api/v1/cases/${ids.submitted}`).set('Authorization', `Bearer ${officer}`)).body.status).toBe('SUBMITTED');
    });

    it('should show the decision on the staff case page timeline', async () => {
      const page = await sut.http.get(`/staff/cases/${ids.open}`).set('Cookie', `gk_access=${officer}`);
      expect(page.status).toBe(200);
      const timeline = page.text.slice(page.text.indexOf('id="h-timeline"'));
      expect(timeline).toMatch(/<li><strong>2026年3月10日<\/strong> 主动公开决定 <span class="cell-note">赵主任（公开工作机构负责人）[^<]*<\/span>\s*<div>内容：决定不予主动公开该信息：其他：涉及正在核查的补偿争议，内部研究后再议<\/div><div>相同信息分组：北坡村2025年征地补偿方案<\/div><\/li>/);
    });

    it('should keep the office’s decision and its reasons from the applicant, on the API and the status lookup', async () => {
      const mine = await eventsAs(applicant, ids.submitted);
      expect(mine.map((e) => e.type)).not.toContain('DISCLOSURE_DECIDED');
      expect(JSON.stringify(mine)).not.toContain('补偿争议');
      const lookup = await sut.http.post('/api/v1/applications/status').send(submitted);
      expect(lookup.status).toBe(200);
      expect(JSON.stringify(lookup.body)).not.toMatch(/主动公开|补偿争议/);
    });
  });

  it('should answer bad input with 4xx, never 5xx', async () => {
    const bad: [string, string, Record<string, unknown> | undefined][] = [
      ['get', '/api/v1/publications', undefined],
      ['get', `/api/v1/publications?q=${'字'.repeat(300)}`, undefined],
      ['get', '/api/v1/publications?q=%00%01&agencyCode[]=x', undefined],
      ['get', '/api/v1/disclosure/groups?minApplicants=abc&from=2026-02-30', undefined],
      ['get', '/api/v1/disclosure/self-checks/abcd', undefined],
      ['get', '/api/v1/disclosure/self-checks/1899/csv', undefined],
      ['post', '/api/v1/disclosure/groups/00000000-0000-4000-8000-000000000000/decision', { kind: 'MAYBE' }],
      ['post', '/api/v1/disclosure/groups/00000000-0000-4000-8000-000000000000/decision', { kind: 'PUBLISH', publication: [] }],
      ['post', '/api/v1/disclosure/groups/not-a-uuid/split', { caseIds: 'x' }],
      ['post', '/api/v1/disclosure/suggestions/00000000-0000-4000-8000-000000000000/review', { accept: 'yes' }],
      ['post', '/api/v1/disclosure/self-checks/2026/conclusions', { key: 'nope', conclusion: 'PUBLISH' }],
    ];
    for (const [method, url, body] of bad) {
      const req = method === 'get' ? sut.http.get(url) : sut.http.post(url).send(body ?? {});
      const res = await req.set('Authorization', `Bearer ${officer}`);
      expect([`${url} ${res.status}`]).toEqual([expect.stringMatching(/ 4\d\d$/)]);
    }
  });

  // Last: it spends this client's searches for the minute.
  it('should hold off a client that searches the publications more than the limit allows in a minute', async () => {
    let res;
    let sent = 0;
    do {
      res = await sut.http.get('/api/v1/publications').query({ q: '征地补偿方案' });
      sent += 1;
    } while (res.status === 200 && sent <= PUBLICATION_SEARCH_PER_MINUTE);
    expect(res.status).toBe(429);
    expect(sent).toBeLessThanOrEqual(PUBLICATION_SEARCH_PER_MINUTE + 1);
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED', correlationId: expect.any(String) });
    // The agency list beside it is not searched, so not counted.
    expect((await sut.http.get('/api/v1/applications/agencies')).status).toBe(200);
  });
});
