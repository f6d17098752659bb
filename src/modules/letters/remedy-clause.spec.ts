import { AgencyType } from '../agencies/agency-type.js';
import { REPLY_TYPES } from './reply-type.js';
import { remedyClause, remedyModeFor, remedySettingsWarnings } from './remedy-clause.js';
import { WITHHOLD_TYPES } from './legal-basis.js';

const department = { type: AgencyType.GOVERNMENT_DEPARTMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' };
const township = { type: AgencyType.PEOPLES_GOVERNMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' };
const county = { type: AgencyType.PEOPLES_GOVERNMENT, reconsiderationBody: '示例市人民政府', competentCourt: '示例市中级人民法院' };
const tax = { type: AgencyType.VERTICALLY_MANAGED, reconsiderationBody: '国家税务总局示例市税务局', competentCourt: '示例县人民法院' };
const other = { type: AgencyType.OTHER, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' };
const today = '2026-11-22';

const ORDINARY_DEPARTMENT =
  '如对本答复不服，可以自收到本答复之日起六十日内向示例县人民政府申请行政复议，也可以自收到本答复之日起六个月内向示例县人民法院提起行政诉讼。';
const FIRST_DEPARTMENT =
  '如对本答复不服，应当依照《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，自收到本答复之日起六十日内先向示例县人民政府申请行政复议；' +
  '对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。';

describe('remedyModeFor', () => {
  it.each(WITHHOLD_TYPES)('should require reconsideration first for %s since 2024', (type) => {
    expect(remedyModeFor(type, today)).toBe('RECONSIDERATION_FIRST');
    expect(remedyModeFor(type, '2024-01-01')).toBe('RECONSIDERATION_FIRST');
  });

  it('should require reconsideration first for a whole partial reply (行政复议法第二十三条第一款第（四）项)', () =>
    expect(remedyModeFor('PARTIAL', today)).toBe('RECONSIDERATION_FIRST'));

  it.each(REPLY_TYPES.filter((t) => t !== 'PARTIAL' && !t.startsWith('WITHHOLD_')))('should leave the choice to the applicant for %s', (type) => {
    expect(remedyModeFor(type, today)).toBe('ORDINARY');
  });

  it('should apply the pre-2024 law to a decision made before 2024-01-01', () => {
    expect(remedyModeFor('WITHHOLD_PROCESS', '2023-12-31')).toBe('ORDINARY');
    expect(remedyModeFor('PARTIAL', '2023-12-31')).toBe('ORDINARY');
  });
});

describe('remedyClause', () => {
  it('should give a department ordinary remedies before its government and court', () => {
    expect(remedyClause(department, 'NOT_EXIST', { decidedOn: today })).toBe(ORDINARY_DEPARTMENT);
  });

  it('should tell a refused applicant to seek reconsideration first, citing 行政复议法第二十三条第一款第（四）项', () => {
    expect(remedyClause(department, 'WITHHOLD_PROCESS', { decidedOn: today })).toBe(FIRST_DEPARTMENT);
  });

  it('should give a partial reply one remedy route for the whole reply: reconsideration first', () => {
    const sut = remedyClause(department, 'PARTIAL', { decidedOn: today });
    expect(sut).toBe(FIRST_DEPARTMENT);
    expect(sut).not.toContain('其他内容');
  });

  it.each([
    ['a township government', township, '向示例县人民政府申请行政复议', '向示例县人民法院提起行政诉讼'],
    ['a county government', county, '向示例市人民政府申请行政复议', '向示例市中级人民法院提起行政诉讼'],
    ['a vertically managed body', tax, '向上一级主管部门国家税务总局示例市税务局申请行政复议', '向示例县人民法院提起行政诉讼'],
    ['another kind of agency', other, '向示例县人民政府申请行政复议', '向示例县人民法院提起行政诉讼'],
  ])('should name the reconsideration body and court of %s from its settings', (_label, agency, body, court) => {
    const ordinary = remedyClause(agency, 'DISCLOSE', { decidedOn: today });
    expect(ordinary).toContain(body);
    expect(ordinary).toContain(court);
    const first = remedyClause(agency, 'WITHHOLD_SECRET', { decidedOn: today });
    expect(first).toContain(`先${body}`);
    expect(first).not.toContain(court);
  });

  it('should name the contested document', () => {
    expect(remedyClause(department, 'ORDINARY', { decidedOn: today, documentNoun: '本决定' })).toMatch(/^如对本决定不服，可以自收到本决定之日起六十日内/);
  });

  it('should refuse to generate a clause without a reconsideration body or court', () => {
    expect(() => remedyClause({ ...department, reconsiderationBody: ' ' }, 'DISCLOSE', { decidedOn: today })).toThrow(/reconsiderationBody/);
    expect(() => remedyClause({ ...department, competentCourt: '' }, 'DISCLOSE', { decidedOn: today })).toThrow(/competentCourt/);
  });
});

describe('remedySettingsWarnings', () => {
  it('should accept the usual settings of each agency type', () => {
    for (const agency of [department, township, county, tax, other]) expect(remedySettingsWarnings(agency)).toEqual([]);
  });

  it('should warn about a department whose reconsideration body is not a government', () => {
    expect(remedySettingsWarnings({ ...department, reconsiderationBody: '示例市自然资源局' })).toEqual([expect.stringContaining('第二十四条')]);
  });

  it('should warn about a vertically managed body sent to a government', () => {
    expect(remedySettingsWarnings({ ...tax, reconsiderationBody: '示例县人民政府' })).toEqual([expect.stringContaining('第二十七条')]);
  });

  it('should warn about missing names and the agency reviewing itself', () => {
    expect(remedySettingsWarnings({ ...department, reconsiderationBody: '', competentCourt: '' })).toHaveLength(2);
    expect(remedySettingsWarnings({ ...county, name: '示例市人民政府' })).toEqual([expect.stringContaining('本身')]);
  });
});
