import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { WebPages } from './web-page.decorator.js';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { ReceiveCorrectionCommandDto } from '../cases/dto/case-event-commands.dto.js';
import type { CaseClock } from '../deadlines/domain/case-clock.types.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AttachmentPurpose } from '../attachments/domain/attachment.js';
import { DisclosureDecisionsService } from '../disclosure/disclosure-decisions.service.js';
import { SuggestionDto } from '../disclosure/dto/disclosure.dto.js';
import { StatusLookupDto } from '../intake/applications.controller.js';
import { IntakeService } from '../intake/intake.service.js';
import { restoreForm, stashAndLogin } from './form-stash.js';
import { WebCookies } from './web-cookies.js';
import { type FormErrors, flatForm, formErrorsOf, mergeErrors, singleError, validateAs } from './web-forms.js';
import { chineseDate, csrfCheck, renderError } from './web-setup.js';
import { EXTENSION, REPLY_WORKDAYS } from '../../common/statutory-limits.js';

const TRACK_COOKIE = 'gk_track';
const TRACK_FIELDS = ['trackingNumber', 'queryCode'];
const CORRECTION_FIELDS = ['summary', 'files'];
const NOT_FOUND = '申请编号或查询码不正确，请核对后重新输入。';

interface Credentials {
  t: string;
  c: string;
}

interface MulterFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

/** Plain words for the state of the reply period. */
const CLOCK_STATES: Record<string, string> = {
  running: '答复期限正在计算',
  paused: '答复期限暂停计算',
  deferred: '已确定延迟答复',
  stopped: '答复期限已停止计算',
  overdue: '已超过答复期限',
};

/**
 * 查询办理进度: tracking number and query code are POSTed (never in a URL), kept for 30 minutes in a sealed
 * cookie, and checked again on every request; a wrong pair answers exactly like an unknown number.
 */
@WebPages()
@Public()
@Controller()
export class TrackController {
  constructor(
    private readonly intake: IntakeService,
    private readonly cases: CasesService,
    private readonly attachments: AttachmentsService,
    private readonly cookies: WebCookies,
    private readonly decisions: DisclosureDecisionsService,
  ) {}

  @Get('track')
  form(@Res() res: Response): void {
    res.render('track', { title: '查询办理进度', form: {} });
  }

  @HttpCode(200)
  @Post('track')
  async lookup(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = flatForm(body);
    const values = { trackingNumber: form.trackingNumber ?? '', queryCode: form.queryCode ?? '' };
    try {
      const q = await validateAs(StatusLookupDto, values);
      if (!q.trackingNumber.trim()) throw AppException.invalidField('trackingNumber', 'REQUIRED', '请输入申请编号');
      if (!q.queryCode.trim()) throw AppException.invalidField('queryCode', 'REQUIRED', '请输入查询码');
      await this.intake.authenticateLookup(q.trackingNumber, q.queryCode);
    } catch (e) {
      const errors = e instanceof AppException && e.code === 'APPLICATION_NOT_FOUND' ? singleError('trackingNumber', NOT_FOUND) : formErrorsOf(e, TRACK_FIELDS);
      return res.status(e instanceof AppException ? e.status : 422).render('track', { title: '错误：查询办理进度', form: values, errors });
    }
    this.cookies.set(res, TRACK_COOKIE, { t: values.trackingNumber, c: values.queryCode } satisfies Credentials, '/track', 30 * 60);
    res.redirect(303, '/track/status');
  }

  @Get('track/status')
  async status(@Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.current(req);
    if (!row) return res.redirect(303, '/track');
    const restored = restoreForm(req, res, this.cookies, '/track/status');
    await this.renderStatus(res, row, null, restored ?? {}, !!restored);
  }

  /** 补正 (条例第三十条): the applicant's answer, text and files, before the window ends. */
  @HttpCode(200)
  @Post('track/correction')
  @UseInterceptors(FilesInterceptor('files', 10))
  async correction(@Req() req: Request, @Res() res: Response, @UploadedFiles() files: MulterFile[] | undefined): Promise<void> {
    if (!csrfCheck(req)) return renderError(res, 403, '页面已过期，请重新查询后再提交。');
    const row = await this.current(req);
    if (!row) return res.redirect(303, '/track');
    const form = flatForm(req.body);
    const summary = (form.summary ?? '').trim();
    let errors: FormErrors = { list: [], byField: {} };
    const ids: string[] = [];
    for (const file of (files ?? []).filter((f) => f.size > 0)) {
      try {
        ids.push((await this.attachments.store(file.buffer, decodeName(file.originalname), file.mimetype, AttachmentPurpose.CORRECTION, { field: 'files' })).id);
      } catch (e) {
        errors = mergeErrors(errors, formErrorsOf(e, CORRECTION_FIELDS), CORRECTION_FIELDS);
      }
    }
    if (!summary && ids.length === 0 && errors.list.length === 0) errors = singleError('summary', '请填写补正内容或上传补正材料');
    if (errors.list.length === 0) {
      try {
        const command = await validateAs(ReceiveCorrectionCommandDto, { type: 'RECEIVE_CORRECTION', ...(summary ? { summary } : {}), ...(ids.length ? { attachmentIds: ids } : {}) });
        await this.cases.applyApplicantEvent(row, command);
        return res.redirect(303, '/track/status?done=correction');
      } catch (e) {
        if (e instanceof AppException && (e.code === 'EVENT_NOT_ALLOWED' || e.code === 'CASE_RULE_VIOLATION' || e.code === 'FORBIDDEN')) {
          errors = singleError('summary', '当前无需补正，或补正期限已过，无法提交补正材料。如有疑问请联系受理机关。');
        } else {
          errors = formErrorsOf(e, CORRECTION_FIELDS);
        }
      }
    }
    await this.renderStatus(res.status(422), row, errors, { summary });
  }

  /** 条例第四十四条第二款: once answered, the applicant may suggest that the information be published proactively. */
  @HttpCode(200)
  @Post('track/suggest')
  async suggest(@Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.current(req);
    // The 30 minutes of the tracking cookie ran out while typing: the text waits for the next lookup.
    if (!row) return stashAndLogin(req, res, this.cookies, '/track/status', '/track');
    const reason = (flatForm(req.body).suggestReason ?? '').trim();
    try {
      const dto = await validateAs(SuggestionDto, { reason });
      await this.decisions.suggestByLookup(row, dto.reason);
    } catch (e) {
      const errors = e instanceof AppException && e.code !== 'VALIDATION_FAILED' && e.status < 500 ? singleError('suggestReason', e.message) : formErrorsOf(e, ['suggestReason'], { reason: 'suggestReason' });
      return this.renderStatus(res.status(e instanceof AppException ? e.status : 422), row, errors, { suggestReason: reason });
    }
    res.redirect(303, '/track/status?done=suggest');
  }

  @Get('track/withdraw')
  async withdrawConfirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.current(req);
    if (!row) return res.redirect(303, '/track');
    res.render('track-withdraw', { title: '撤回申请', trackingNumber: row.trackingNumber });
  }

  /** 撤回申请: the same case command as the office's; where the applicant may not send it, the refusal is shown. */
  @HttpCode(200)
  @Post('track/withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.current(req);
    if (!row) return res.redirect(303, '/track');
    try {
      await this.cases.applyApplicantEvent(row, { type: 'WITHDRAW' });
    } catch (e) {
      if (!(e instanceof AppException) || e.status >= 500) throw e;
      return res.status(409).render('track-withdraw', {
        title: '错误：撤回申请',
        trackingNumber: row.trackingNumber,
        refused: '暂时无法在网上撤回这份申请。如需撤回，请联系受理机关（电话或到办公地点），工作人员会为您办理。',
      });
    }
    res.redirect(303, '/track/status?done=withdraw');
  }

  /** A document addressed to the applicant, for the credentials kept in the sealed tracking cookie (never in the URL). */
  @Get('track/documents/:documentId')
  async document(@Param('documentId', UuidParamPipe) documentId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const creds = this.cookies.get<Credentials>(req, TRACK_COOKIE);
    if (!creds) return res.redirect(303, '/track');
    const { pdf, filename } = await this.intake.statusDocument(creds.t, creds.c, documentId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(pdf);
  }

  @HttpCode(200)
  @Post('track/leave')
  leave(@Res() res: Response): void {
    this.cookies.clear(res, TRACK_COOKIE, '/track');
    res.redirect(303, '/track');
  }

  private async current(req: Request): Promise<CaseEntity | null> {
    const creds = this.cookies.get<Credentials>(req, TRACK_COOKIE);
    if (!creds) return null;
    try {
      return await this.intake.authenticateLookup(creds.t, creds.c);
    } catch {
      return null;
    }
  }

  private async renderStatus(res: Response, row: CaseEntity, errors: FormErrors | null, form: Record<string, string>, restored = false): Promise<void> {
    const status = await this.intake.statusOf(row);
    const clock = await this.cases.publicClock(row);
    const done = typeof res.req.query.done === 'string' ? res.req.query.done : '';
    const correctionOpen = row.status === 'CORRECTION_PENDING';
    const answered = ['DELIVERED', 'ARCHIVED'].includes(row.status);
    const suggestions = (await this.decisions.suggestionsOfCase(row.id)).map((s) => ({
      reason: s.reason,
      createdOn: chineseDate(new Date(Date.parse(s.createdAt) + 8 * 3600_000).toISOString()),
      status: s.status,
      outcome:
        s.status === 'ACCEPTED'
          ? `已采纳：${suggestionPublicationText(s.outcome)}`
          : s.status === 'REFUSED'
            ? `不予采纳。理由：${String((s.outcome as { reason?: string } | null)?.reason ?? '')}`
            : '机关正在审核',
    }));
    res.render('track-status', {
      title: errors ? '错误：办理进度' : '办理进度',
      status,
      submittedOn: chineseDate(status.submittedOn),
      receiptDate: status.receiptDate ? chineseDate(status.receiptDate) : null,
      dueDate: status.dueDate ? chineseDate(status.dueDate) : null,
      deadline: explainDeadline(status.receiptDate, clock),
      milestones: status.milestones.map((m) => ({ date: chineseDate(m.date), iso: m.date, label: m.label.replace(/\d{4}-\d{2}-\d{2}/g, chineseDate) })),
      documents: status.documents.map((d) => ({ ...d, issuedOn: chineseDate(d.issuedOn) })),
      correction: correctionOpen ? { endsOn: clock?.correctionWindowEnds ? chineseDate(clock.correctionWindowEnds) : null } : null,
      canWithdraw: !['DELIVERED', 'ARCHIVED', 'WITHDRAWN', 'CLOSED'].includes(row.status),
      done: { correction: done === 'correction', withdraw: done === 'withdraw', suggest: done === 'suggest' },
      suggestion: { open: answered, items: suggestions },
      errors,
      form,
      restored,
    });
  }
}

/** The reply period in plain words (条例第三十三条): when it started, what paused or extended it. */
function explainDeadline(receiptDate: string | null, clock: CaseClock | null): { state: string; lines: string[] } {
  if (!receiptDate || !clock) {
    return {
      state: '尚未开始计算',
      lines: [`机关确认收到您的申请后，从收到申请之日的次日起计算${REPLY_WORKDAYS}个工作日的答复期限。确认之前，期限尚未开始。`],
    };
  }
  const lines = [`收到申请之日为${chineseDate(receiptDate)}。机关应当自收到申请之日起${REPLY_WORKDAYS}个工作日内答复（节假日不计算在内）。`];
  for (const p of clock.pauses) {
    const until = p.to ? `至${chineseDate(p.to)}` : '，尚未结束';
    if (p.reason === 'CORRECTION') lines.push(`机关要求补正申请：自${chineseDate(p.from)}${until}。收到补正材料后，答复期限从收到之日起重新计算。`);
    else lines.push(`自${chineseDate(p.from)}${until}，期限暂停计算（如征求第三方意见、缴纳信息处理费所需时间，依法不计入答复期限）。`);
  }
  if (clock.extension) lines.push(`机关已决定延长答复期限${clock.extension.workdays}个工作日（依法最长延长${EXTENSION.maxWorkdays}个工作日）。`);
  if (clock.deferredUntil) lines.push(`机关已确定延迟答复，答复期限延至${chineseDate(clock.deferredUntil)}。`);
  if (clock.correctionWindowEnds) lines.push(`请在${chineseDate(clock.correctionWindowEnds)}之前提交补正材料；逾期未补正的，视为放弃申请。`);
  return { state: CLOCK_STATES[clock.state] ?? '', lines };
}

/** Where the accepted information is (or will be) published, in the applicant's words. */
function suggestionPublicationText(outcome: Record<string, unknown> | null): string {
  const p = (outcome?.publication ?? null) as { title?: string; channelLabel?: string; location?: string; publishedOn?: string | null; publishBy?: string } | null;
  if (!p) return '机关将把该信息纳入主动公开范围。';
  const when = p.publishedOn ? `已于${chineseDate(p.publishedOn)}公开` : `将于${chineseDate(p.publishBy ?? '')}前公开`;
  return `“${p.title ?? ''}”${when}（${p.channelLabel ?? ''}：${p.location ?? ''}）。`;
}

function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}
