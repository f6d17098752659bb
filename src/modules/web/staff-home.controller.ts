import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { STAFF_ROLES } from '../../common/auth/role.js';
import { staffUser } from './staff-access.js';
import { StaffHome } from './staff-home.service.js';
import { StaffLayout } from './staff-layout.service.js';
import { WebPages } from './web-page.decorator.js';

/**
 * 工作台: what needs this person today. Public at the guard (so that a missing or expired session becomes the
 * sign-in page, not the API's 401 body); staffUser decides on the current role.
 */
@WebPages()
@Public()
@Controller()
export class StaffHomeController {
  constructor(
    private readonly layout: StaffLayout,
    private readonly home: StaffHome,
  ) {}

  @Get('staff')
  async index(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, STAFF_ROLES);
    if (!user) return;
    const [chrome, sections] = await Promise.all([this.layout.locals(user, req.path), this.home.sections(user)]);
    res.render('staff/home', { title: '工作台', ...chrome, ...sections });
  }

  @Get('staff/notifications')
  async notifications(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, STAFF_ROLES);
    if (!user) return;
    const [chrome, items] = await Promise.all([this.layout.locals(user, req.path), this.home.notices(user)]);
    res.render('staff/notifications', { title: '提醒', ...chrome, items });
  }

  @HttpCode(200)
  @Post('staff/notifications/:id/read')
  async markRead(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, STAFF_ROLES);
    if (!user) return;
    if (UUID.test(id)) await this.home.markRead(user, id);
    res.redirect(303, '/staff/notifications');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
