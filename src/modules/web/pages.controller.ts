import { Controller, Get, Render } from '@nestjs/common';
import { WebPages } from './web-page.decorator.js';
import { Public } from '../../common/auth/decorators.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';

interface AgencyRow {
  code: string;
  name: string;
  address: string | null;
  phone: string | null;
  hours: string | null;
  level: number;
}

/** Home (what 依申请公开 is, where to apply) and the accessibility statement. */
@WebPages()
@Public()
@Controller()
export class PagesController {
  constructor(private readonly agencies: AgenciesRepository) {}

  @Get('/')
  @Render('home')
  async home(): Promise<{ title: string; agencies: AgencyRow[] }> {
    const all = (await this.agencies.findAll()).filter((a) => a.active);
    // The agency tree, depth-first: a department right under its people's government.
    const children = new Map<string | null, typeof all>();
    for (const a of all) {
      const parent = a.parentId && all.some((p) => p.id === a.parentId) ? a.parentId : null;
      children.set(parent, [...(children.get(parent) ?? []), a]);
    }
    const rows: AgencyRow[] = [];
    const walk = (parent: string | null, level: number) => {
      for (const a of (children.get(parent) ?? []).sort((x, y) => x.code.localeCompare(y.code))) {
        rows.push({ code: a.code, name: a.name, address: a.address, phone: a.phone, hours: resolveAgencySettings(a.settings).officeHours, level });
        walk(a.id, level + 1);
      }
    };
    walk(null, 0);
    return { title: '政府信息依申请公开', agencies: rows };
  }

  @Get('accessibility')
  @Render('accessibility')
  accessibility(): { title: string } {
    return { title: '无障碍声明' };
  }
}
