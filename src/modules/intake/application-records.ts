import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppException } from '../../common/errors/app.exception.js';
import { FIELD_ERROR_MESSAGES } from '../../common/errors/error-code.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { addDays } from '../deadlines/domain/index.js';
import { PdfFonts } from '../documents/pdf-fonts.js';
import type { AgentDto, ApplicantDto, DeliveryPreferenceDto, RequestedInformationDto } from './dto/application-parts.dto.js';
import { maskIdNumber } from './domain/identity.js';
import { deriveReceiptDate, type ReceiptDetermination, ReceiptFactsError, type ReceiptFacts } from './domain/receipt-date.js';
import { deriveApplicantKey, repeatHints } from './domain/repeat-hints.js';

/** What intake knows about the applicant, split into what is shown, what is encrypted and the lookup key. */
export interface ApplicantRecord {
  name: string;
  shown: Record<string, unknown>;
  category: string | null;
  encryptedIds: string | null;
  key: string | null;
}

/**
 * What every intake channel (web submission, officer registration) records alike: the applicant (ID numbers sealed,
 * lookup key), the case's columns, the REGISTERED record, the receipt determination, repeat hints and the check that
 * the texts can be printed.
 */
@Injectable()
export class ApplicationRecords {
  private readonly box: SecretBox;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly calendars: CalendarService,
    private readonly attachments: AttachmentsService,
    private readonly fonts: PdfFonts,
  ) {
    this.box = new SecretBox(config.intake.dataEncryptionKey);
  }

  applicantRecord(applicant: ApplicantDto, agent: AgentDto | undefined, userId: string | null): ApplicantRecord {
    const secret = this.config.intake.queryCodeSecret;
    const key =
      applicant.kind === 'NATURAL_PERSON' && applicant.idType && applicant.idNumber
        ? deriveApplicantKey({ kind: 'PERSON', idType: applicant.idType, idNumber: applicant.idNumber }, secret)
        : applicant.kind === 'ORGANISATION' && applicant.organisation
          ? deriveApplicantKey({ kind: 'ORGANISATION', creditCode: applicant.organisation.creditCode }, secret)
          : userId
            ? deriveApplicantKey({ kind: 'ACCOUNT', userId }, secret)
            : null;
    const ids = { applicant: applicant.idNumber ?? null, agent: agent?.idNumber ?? null };
    return {
      name: applicant.name,
      category: applicant.category,
      key,
      encryptedIds: ids.applicant || ids.agent ? this.box.seal(JSON.stringify(ids)) : null,
      // ID numbers only masked wherever they are shown; the full numbers are sealed (个人信息保护法第五十一条: encryption, de-identification).
      shown: {
        kind: applicant.kind,
        name: applicant.name,
        idType: applicant.idType ?? null,
        idNumberMasked: applicant.idNumber ? maskIdNumber(applicant.idNumber) : null,
        organisation: applicant.organisation ?? null,
        phone: applicant.phone,
        email: applicant.email ?? null,
        address: applicant.address ?? null,
        postalCode: applicant.postalCode ?? null,
        category: applicant.category,
        agent: agent ? { name: agent.name, idType: agent.idType, idNumberMasked: maskIdNumber(agent.idNumber), phone: agent.phone, powerOfAttorneyAttachmentId: agent.powerOfAttorneyAttachmentId ?? null } : null,
      },
    };
  }

  caseFields(applicant: ApplicantRecord, request: Pick<RequestedInformationDto, 'title' | 'description'> & { documentNumber?: string }, delivery: DeliveryPreferenceDto | undefined): Partial<CaseEntity> {
    return {
      applicantName: applicant.name,
      applicant: applicant.shown,
      applicantCategory: applicant.category,
      applicantIdEncrypted: applicant.encryptedIds,
      applicantKey: applicant.key,
      requestTitle: request.title || null,
      requestDocumentNumber: request.documentNumber ?? null,
      requestDescription: request.description,
      delivery: delivery ? { ...delivery } : {},
    };
  }

  registrationRecord(
    channel: CaseChannel,
    d: ReceiptDetermination,
    applicant: ApplicantRecord,
    request: { title?: string; documentNumber?: string; description: string },
    delivery: DeliveryPreferenceDto | undefined,
  ): Record<string, unknown> {
    return {
      channel,
      submittedOn: d.submittedOn,
      receiptDate: d.receiptDate,
      receiptRule: d.rule,
      applicantName: applicant.name,
      applicant: applicant.shown,
      request: { title: request.title ?? null, documentNumber: request.documentNumber ?? null, description: request.description },
      // Beside the text as received, never instead of it: the NFKC forms that matching and search compare.
      requestNormalized: { title: request.title ? nfkc(request.title) : null, documentNumber: request.documentNumber ? nfkc(request.documentNumber) : null },
      delivery: delivery ?? null,
    };
  }

  /** The attachments submitted with the application, recorded (with their SHA-256) in the REGISTERED event. */
  async attachmentRecord(em: EntityManager, ids: readonly string[] | undefined): Promise<{ attachments?: Record<string, unknown>[] }> {
    return ids?.length ? { attachments: await this.attachments.facts(em, ids) } : {};
  }

  /** Repeat and volume hints (条例第三十五条, 109号); they never block intake. `em` null: read outside a transaction. */
  async hintsFor(em: EntityManager | null, agencyId: string, applicantKey: string | null, description: string, date: string): Promise<unknown[]> {
    if (!applicantKey) return [];
    const earlier = await this.cases.earlierRequestsOf(em, agencyId, applicantKey, addDays(date, -366));
    const month = date.slice(0, 7);
    const monthCount = 1 + earlier.filter((c) => (c.receiptDate ?? c.createdAt.toISOString().slice(0, 10)).startsWith(month)).length;
    return repeatHints(
      { applicantKey, description, receiptDate: date },
      earlier.map((c) => ({ caseId: c.id, trackingNumber: c.trackingNumber, description: c.requestDescription, receiptDate: c.receiptDate })),
      monthCount,
      { monthlyThreshold: this.config.intake.monthlyRequestThreshold },
    );
  }

  /** The receipt date the channel's facts give (条例第三十一条); facts that do not fit are a 422 naming the field. */
  async determine(facts: ReceiptFacts, agency: AgencyEntity, today: string, field: string): Promise<ReceiptDetermination> {
    const calendar = await this.calendars.current();
    try {
      return deriveReceiptDate(facts, calendar, resolveAgencySettings(agency.settings), today);
    } catch (e) {
      if (e instanceof ReceiptFactsError) {
        throw new AppException(
          'VALIDATION_FAILED',
          e.errors.map((err) => ({ field: field ? `${field}.${err.field}` : err.field, code: err.code, message: FIELD_ERROR_MESSAGES[err.code] ?? FIELD_ERROR_MESSAGES.INVALID })),
        );
      }
      throw e;
    }
  }

  /**
   * The one check, at intake, that the texts documents quote (the 主送 name, 信息名称, 文号, description) can be
   * printed: every character must be in a configured font (PdfFonts.unprintable), so a rare name (生僻字, CJK
   * Ext-B) passes when a fallback font has it, and an emoji, a private-use or unassigned code point, or a text of
   * invisible characters only is refused here with the field named — never later, when a receipt or notice that
   * the law requires could not be rendered.
   */
  assertPrintable(fields: Record<string, string | undefined | null>): void {
    const errors: { field: string; code: string; message: string }[] = [];
    for (const [field, text] of Object.entries(fields)) {
      if (!text) continue;
      const bad = this.fonts.unprintable(text);
      if (bad.length) {
        const shown = bad.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join('、');
        errors.push({
          field,
          code: 'UNPRINTABLE_CHARACTER',
          message: `含有无法在文书中打印的字符（${shown}），如表情符号、私用区或未分配的字符，请删除或改用文字`,
        });
      } else if (PdfFonts.invisible(text)) {
        errors.push({ field, code: 'UNPRINTABLE_CHARACTER', message: '只含不可见字符，请填写文字' });
      }
    }
    if (errors.length) throw new AppException('VALIDATION_FAILED', errors);
  }
}

const nfkc = (text: string): string => text.normalize('NFKC').trim();
