import { AgencyEntity } from '../modules/agencies/agency.entity.js';
import { RefreshTokenEntity } from '../modules/auth/refresh-token.entity.js';
import { PasswordResetTokenEntity } from '../modules/auth/password-reset/password-reset-token.entity.js';
import { CaseEventEntity } from '../modules/cases/case-event.entity.js';
import { CaseReminderEntity } from '../modules/cases/case-reminder.entity.js';
import { CaseEntity } from '../modules/cases/case.entity.js';
import { TrackingSequenceEntity } from '../modules/cases/tracking-sequence.entity.js';
import { CalendarDayEntity } from '../modules/deadlines/calendar-day.entity.js';
import { CalendarVersionEntity } from '../modules/deadlines/calendar-version.entity.js';
import { AttachmentEntity } from '../modules/attachments/attachment.entity.js';
import { LegalReferralEntity } from '../modules/legal/legal-referral.entity.js';
import { NotificationEntity } from '../modules/notifications/notification.entity.js';
import { OutboxMessageEntity } from '../modules/notifications/outbox-message.entity.js';
import { IdempotencyKeyEntity } from '../modules/intake/idempotency-key.entity.js';
import { PendingReceiptEntity } from '../modules/intake/pending-receipt.entity.js';
import { DocumentSequenceEntity } from '../modules/documents/document-sequence.entity.js';
import { IssuedDocumentEntity } from '../modules/documents/issued-document.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';
import { LoginThrottleEntity } from '../modules/users/login-throttle.entity.js';
import { AccessLogEntity } from '../modules/archive/access-log.entity.js';
import { CheckpointEntity, LedgerEntryEntity } from '../modules/archive/ledger.entity.js';
import { RemedyProceedingEntity } from '../modules/archive/remedy-proceeding.entity.js';
import { SweepRunEntity } from '../modules/archive/sweep-run.entity.js';
import { PublishedReportEntity } from '../modules/reports/published-report.entity.js';
import { CaseStatisticsEntity } from '../modules/reports/case-statistics.entity.js';
import { DisclosureActionEntity } from '../modules/disclosure/disclosure-action.entity.js';
import { DisclosureClusterEntity } from '../modules/disclosure/disclosure-cluster.entity.js';
import { DisclosureQueueEntity } from '../modules/disclosure/disclosure-queue.entity.js';
import { DisclosureSelfCheckEntity } from '../modules/disclosure/disclosure-self-check.entity.js';
import { DisclosureSuggestionEntity } from '../modules/disclosure/disclosure-suggestion.entity.js';
import { PublicationEntity } from '../modules/disclosure/publication.entity.js';
import { RequestFingerprintEntity } from '../modules/disclosure/request-fingerprint.entity.js';
import { ExportJobEntity } from '../modules/archive/export-job.entity.js';
import { ImportJobEntity } from '../modules/imports/import-job.entity.js';
import { ImportedCaseEntity } from '../modules/imports/imported-case.entity.js';

/** Every entity, listed explicitly (no globs: they break between ts-jest and compiled ESM). */
export const ENTITIES = [
  AgencyEntity,
  UserEntity,
  LoginThrottleEntity,
  RefreshTokenEntity,
  CalendarDayEntity,
  CalendarVersionEntity,
  CaseEntity,
  CaseEventEntity,
  TrackingSequenceEntity,
  LegalReferralEntity,
  CaseReminderEntity,
  NotificationEntity,
  OutboxMessageEntity,
  AttachmentEntity,
  IdempotencyKeyEntity,
  PendingReceiptEntity,
  DocumentSequenceEntity,
  IssuedDocumentEntity,
  LedgerEntryEntity,
  CheckpointEntity,
  AccessLogEntity,
  RemedyProceedingEntity,
  SweepRunEntity,
  PasswordResetTokenEntity,
  PublishedReportEntity,
  CaseStatisticsEntity,
  RequestFingerprintEntity,
  DisclosureClusterEntity,
  DisclosureQueueEntity,
  DisclosureActionEntity,
  PublicationEntity,
  DisclosureSuggestionEntity,
  DisclosureSelfCheckEntity,
  ExportJobEntity,
  ImportJobEntity,
  ImportedCaseEntity,
];
