import type { DataSource } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { AgencyEntity } from '../../modules/agencies/agency.entity.js';
import { AgencyType } from '../../modules/agencies/agency-type.js';
import { PasswordHasher } from '../../modules/users/password-hasher.js';
import { UserEntity } from '../../modules/users/user.entity.js';

export const DEMO_PASSWORD = 'Gongkai#2026';

interface DemoAgency {
  key: string;
  parent?: string;
  fields: Pick<AgencyEntity, 'name' | 'code' | 'documentPrefix' | 'type' | 'reconsiderationBody' | 'competentCourt'>;
}

/** A county government with two departments and a township, plus a vertically managed tax bureau. */
const DEMO_AGENCIES: DemoAgency[] = [
  {
    key: 'county',
    fields: { name: '示例县人民政府', code: 'SLX', documentPrefix: '示县政公开', type: AgencyType.PEOPLES_GOVERNMENT, reconsiderationBody: '示例市人民政府', competentCourt: '示例市中级人民法院' },
  },
  {
    key: 'land',
    parent: 'county',
    fields: { name: '示例县自然资源局', code: 'SLXZR', documentPrefix: '示县自然资公开', type: AgencyType.GOVERNMENT_DEPARTMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' },
  },
  {
    key: 'housing',
    parent: 'county',
    fields: { name: '示例县住房和城乡建设局', code: 'SLXZJ', documentPrefix: '示县住建公开', type: AgencyType.GOVERNMENT_DEPARTMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' },
  },
  {
    key: 'township',
    parent: 'county',
    fields: { name: '示例县青山镇人民政府', code: 'SLXQS', documentPrefix: '青山政公开', type: AgencyType.PEOPLES_GOVERNMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' },
  },
  {
    key: 'tax',
    fields: { name: '国家税务总局示例县税务局', code: 'SLXSW', documentPrefix: '示县税公开', type: AgencyType.VERTICALLY_MANAGED, reconsiderationBody: '国家税务总局示例市税务局', competentCourt: '示例县人民法院' },
  },
];

export const DEMO_USERS: { email: string; displayName: string; role: Role; agency?: string }[] = [
  { email: 'admin@demo.gongkai.local', displayName: '系统管理员', role: Role.ADMIN },
  { email: 'officer@demo.gongkai.local', displayName: '王承办', role: Role.OFFICER, agency: 'land' },
  { email: 'head@demo.gongkai.local', displayName: '赵主任', role: Role.OFFICE_HEAD, agency: 'land' },
  { email: 'legal@demo.gongkai.local', displayName: '钱律师', role: Role.LEGAL_ADVISOR, agency: 'land' },
  { email: 'auditor@demo.gongkai.local', displayName: '孙审计', role: Role.AUDITOR, agency: 'county' },
  { email: 'applicant@demo.gongkai.local', displayName: '李申请', role: Role.APPLICANT },
];

/** The public office of each demo agency (address, phone, hours), shown on the home page. */
const DEMO_OFFICES: Record<string, { address: string; phone: string; officeHours: string }> = {
  county: { address: '示例县人民路1号政务服务中心二楼政府信息公开窗口', phone: '0000-1234501', officeHours: '工作日 上午9:00-12:00，下午13:30-17:00' },
  land: { address: '示例县人民路18号示例县自然资源局一楼办事大厅', phone: '0000-1234502', officeHours: '工作日 上午9:00-12:00，下午13:30-17:00' },
  housing: { address: '示例县建设路6号示例县住房和城乡建设局101室', phone: '0000-1234503', officeHours: '工作日 上午9:00-12:00，下午13:30-17:00' },
  township: { address: '示例县青山镇青山街3号镇政府党政综合办公室', phone: '0000-1234504', officeHours: '工作日 上午8:30-12:00，下午14:00-17:30' },
  tax: { address: '示例县税务路9号办税服务厅', phone: '0000-1234505', officeHours: '工作日 上午9:00-12:00，下午13:30-17:00' },
};

/** Seeds the demo agency tree and one user per role, only into an empty database. Returns whether it did. */
export async function seedDemoData(dataSource: DataSource, hasher = new PasswordHasher()): Promise<boolean> {
  return dataSource.transaction(async (em) => {
    // Serialise concurrent first boots of several instances.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gongkai:demo-seed']);
    if ((await em.count(AgencyEntity)) > 0) return false;
    const ids = new Map<string, string>();
    for (const a of DEMO_AGENCIES) {
      const office = DEMO_OFFICES[a.key];
      const saved = await em.save(
        em.create(AgencyEntity, { ...a.fields, parentId: a.parent ? ids.get(a.parent) : null, address: office?.address ?? null, phone: office?.phone ?? null, settings: office ? { officeHours: office.officeHours } : {} }),
      );
      ids.set(a.key, saved.id);
    }
    const passwordHash = await hasher.hash(DEMO_PASSWORD);
    for (const u of DEMO_USERS) {
      await em.save(em.create(UserEntity, { email: u.email, displayName: u.displayName, role: u.role, agencyId: u.agency ? ids.get(u.agency) : null, passwordHash }));
    }
    return true;
  });
}
