import { join } from 'node:path';
import { pairwiseScore } from '../../src/modules/disclosure/domain/evaluation.js';
import { goldGroups, loadLabelledSet } from '../../src/modules/disclosure/domain/labelled-set.js';
import { DisclosureService } from '../../src/modules/disclosure/disclosure.service.js';
import { residentId, webApplication } from '../setup/applications.js';
import { AUDITOR, HEAD, OFFICER, registerCase } from '../setup/case-helpers.js';
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

    it('should answer 404 for a group of another agency or one that does not exist', async () => {
      const res = await sut.http.get('/api/v1/disclosure/groups/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${officer}`);
      expect(res.status).toBe(404);
    });
  });
});
