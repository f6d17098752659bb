import { Controller, Get, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { type ImportJobDto, ImportsService } from '../imports/imports.service.js';
import { adminSubnav } from './staff-admin-view.js';
import { STAFF_ADMIN_PATH, staffUser } from './staff-paths.js';
import { type FormErrors, singleError } from './web-forms.js';
import { csrfCheck, renderError } from './web-setup.js';
import { WebPages } from './web-page.decorator.js';

const ADMIN: readonly Role[] = [Role.ADMIN];
export const STAFF_IMPORTS_PATH = `${STAFF_ADMIN_PATH}/imports`;
/** A year of an office's cases with their replies' PDFs; larger files go through the API (`npm run import`). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

interface MulterFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/**
 * 历史导入 for admins, without script: upload a JSON Lines file, then the job's page, which reloads itself (a
 * `Refresh` header) while the import runs and lists, once done, every line not imported with its field and reason.
 */
@WebPages()
@Public()
@Controller()
export class StaffAdminImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('staff/admin/imports')
  async home(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    await this.renderHome(res, user);
  }

  @HttpCode(200)
  @Post('staff/admin/imports')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1 } }))
  async upload(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    if (!csrfCheck(req)) return renderError(res, 403, '页面已过期，请返回历史导入页面刷新后重新选择文件。');
    const file = (req as Request & { file?: MulterFile }).file;
    if (!file || file.size === 0) return this.renderHome(res.status(422), user, singleError('file', '请选择要导入的 JSON Lines 文件（.jsonl，每行一件案件）'));
    let job: ImportJobDto;
    try {
      job = await this.imports.start(user, decodeName(file.originalname), file.buffer.toString('utf8'));
    } catch (e) {
      if (!(e instanceof AppException) || e.status >= 500) throw e;
      return this.renderHome(res.status(422), user, singleError('file', e.errors?.[0]?.message ?? e.message));
    }
    res.redirect(303, `${STAFF_IMPORTS_PATH}/${job.id}`);
  }

  @Get('staff/admin/imports/:id')
  async progress(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const job = await this.imports.status(id);
    const running = job.status === 'QUEUED' || job.status === 'RUNNING';
    // Progress without script: the browser reloads the page every two seconds until the import is over.
    if (running) res.setHeader('Refresh', '2');
    res.render('staff/admin/import', {
      title: running ? `正在导入（${job.processed}/${job.total}）` : job.status === 'DONE' ? '导入完成' : '导入中断',
      user,
      job,
      running,
      done: job.status === 'DONE',
      failed: job.status === 'FAILED',
      errors: job.errors.map((e) => ({ ...e, field: e.field || '（整行）' })),
      created: job.results.filter((r) => r.outcome === 'CREATED'),
      ...adminSubnav('imports'),
    });
  }

  private async renderHome(res: Response, user: AuthUser, errors?: FormErrors): Promise<void> {
    const jobs = await this.imports.latest();
    res.render('staff/admin/imports', {
      title: `${errors ? '错误：' : ''}历史导入`,
      user,
      jobs,
      errors,
      labels: { file: '文件' },
      ...adminSubnav('imports'),
    });
  }
}

/** multer reads the multipart file name as latin1; browsers send UTF-8. */
function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}
