import { Foundation1796226344895 } from './1796226344895-Foundation.js';
import { Workflow1796227220649 } from './1796227220649-Workflow.js';
import { Reminders1796227444279 } from './1796227444279-Reminders.js';
import { Outbox1796228268436 } from './1796228268436-Outbox.js';
import { Attachments1796228664682 } from './1796228664682-Attachments.js';
import { Documents1796229046539 } from './1796229046539-Documents.js';
import { CaseIntake1796229997815 } from './1796229997815-CaseIntake.js';
import { QueueStatusIndex1796234111599 } from './1796234111599-QueueStatusIndex.js';
import { SessionSecurity1796580912417 } from './1796580912417-SessionSecurity.js';
import { ArchiveLedger1796581030176 } from './1796581030176-ArchiveLedger.js';
import { Disclosure1796581388964 } from './1796581388964-Disclosure.js';
import { ArchiveRemedies1796581803253 } from './1796581803253-ArchiveRemedies.js';
import { DisclosureDecisions1796582415076 } from './1796582415076-DisclosureDecisions.js';
import { PasswordResetToken1796583073769 } from './1796583073769-PasswordResetToken.js';
import { AnnualReport1796583329250 } from './1796583329250-AnnualReport.js';
import { DisclosureQueueOrder1796584878315 } from './1796584878315-DisclosureQueueOrder.js';
import { LegalReviewContext1796590000000 } from './1796590000000-LegalReviewContext.js';
import { CaseStatistics1796592618479 } from './1796592618479-CaseStatistics.js';
import { ArchiveExportJob1796592623199 } from './1796592623199-ArchiveExportJob.js';
import { OutboxRecipientQuota1796600000000 } from './1796600000000-OutboxRecipientQuota.js';
import { ArchiveFullTextSearch1796602587655 } from './1796602587655-ArchiveFullTextSearch.js';
import { HistoryImport1796602790120 } from './1796602790120-HistoryImport.js';
import { OpenCaseLoadIndex1796603785612 } from './1796603785612-OpenCaseLoadIndex.js';
import { PendingReceipt1796684629418 } from './1796684629418-PendingReceipt.js';

/** Applied in this order. Add each new migration here (no globs; see entities.ts). */
export const MIGRATIONS = [Foundation1796226344895, Workflow1796227220649, Reminders1796227444279, Outbox1796228268436, Attachments1796228664682, Documents1796229046539, CaseIntake1796229997815, QueueStatusIndex1796234111599, SessionSecurity1796580912417, ArchiveLedger1796581030176, Disclosure1796581388964, ArchiveRemedies1796581803253, DisclosureDecisions1796582415076, PasswordResetToken1796583073769, AnnualReport1796583329250, DisclosureQueueOrder1796584878315, LegalReviewContext1796590000000, CaseStatistics1796592618479, ArchiveExportJob1796592623199, OutboxRecipientQuota1796600000000, ArchiveFullTextSearch1796602587655, HistoryImport1796602790120, OpenCaseLoadIndex1796603785612, PendingReceipt1796684629418];
