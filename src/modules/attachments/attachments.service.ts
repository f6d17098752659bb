import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import { FIELD_ERROR_MESSAGES } from '../../common/errors/error-code.js';
import { Clock } from '../../common/time/clock.js';
import { shanghaiDate } from '../../common/time/shanghai-date.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { BlobStorage } from '../storage/blob-storage.js';
import type { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentPurpose, AttachmentRejectedError, inspectAttachment } from './domain/attachment.js';

export interface AttachmentMetadata {
  id: string;
  caseId: string | null;
  purpose: AttachmentPurpose;
  filename: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  storageKey: string;
  uploadedById: string | null;
  createdAt: string;
}

export interface StoreAttachmentOptions {
  uploadedById?: string | null;
  /** Link at once (officer registration of a case that already exists). */
  caseId?: string | null;
  /** The use case's transaction, if the row must commit or roll back with it. */
  manager?: EntityManager;
  /** Field named in a 422 (default `file`). */
  field?: string;
}

/** An attachment as case events record it (no storage key, no uploader). */
export const attachmentFacts = (m: AttachmentMetadata): Record<string, unknown> => ({
  id: m.id,
  purpose: m.purpose,
  filename: m.filename,
  contentType: m.contentType,
  byteSize: m.byteSize,
  sha256: m.sha256,
});

const toMetadata = (row: AttachmentEntity): AttachmentMetadata => ({
  id: row.id,
  caseId: row.caseId,
  purpose: row.purpose,
  filename: row.filename,
  contentType: row.contentType,
  byteSize: row.byteSize,
  sha256: row.sha256,
  storageKey: row.storageKey,
  uploadedById: row.uploadedById,
  createdAt: row.createdAt.toISOString(),
});

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly storage: BlobStorage,
    private readonly repository: AttachmentsRepository,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Checks the file (type by content, size, name), writes the bytes once under `attachments/<yyyy>/<sha256>`
   * and records an attachment row. The blob is written before the row: a rolled-back row leaves at most an
   * unreferenced blob, never a row without its bytes. Rejections are 422 field errors on `options.field`.
   */
  async store(
    bytes: Buffer | Uint8Array,
    claimedName: string | null | undefined,
    claimedType: string | null | undefined,
    purpose: AttachmentPurpose,
    options: StoreAttachmentOptions = {},
  ): Promise<AttachmentMetadata> {
    const field = options.field ?? 'file';
    if (!Object.values(AttachmentPurpose).includes(purpose)) {
      throw AppException.invalidField('purpose', 'INVALID_ENUM', FIELD_ERROR_MESSAGES.INVALID_ENUM);
    }
    const maxBytes = this.config.intake.attachmentMaxBytes;
    let inspected;
    try {
      inspected = await inspectAttachment(bytes, claimedName, claimedType, { maxBytes });
    } catch (e) {
      if (!(e instanceof AttachmentRejectedError)) throw e;
      let message = FIELD_ERROR_MESSAGES[e.code];
      if (e.code === 'ATTACHMENT_TOO_LARGE') message += `（每个文件不超过${formatMegabytes(maxBytes)}）`;
      throw AppException.invalidField(field, e.code, message);
    }
    const storageKey = `attachments/${shanghaiDate(this.clock.now()).slice(0, 4)}/${inspected.sha256}`;
    const write = async (em: EntityManager) => {
      // Same lock as the sweep of abandoned uploads: the blob cannot be removed between this check and the row.
      await lockBlob(em, storageKey);
      if (!(await this.storage.exists(storageKey))) {
        await this.storage.put(storageKey, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), inspected.contentType);
      }
      return this.repository.insert(em, {
        caseId: options.caseId ?? null,
        purpose,
        filename: inspected.filename,
        contentType: inspected.contentType,
        byteSize: inspected.byteSize,
        sha256: inspected.sha256,
        storageKey,
        uploadedById: options.uploadedById ?? null,
      });
    };
    const row = options.manager ? await write(options.manager) : await this.repository.manager.transaction(write);
    return toMetadata(row);
  }

  /**
   * Deletes uploads that were never linked to a case within the retention (a web applicant who uploaded and never
   * submitted), and their bytes when no other upload shares them. Returns how many rows and blobs went.
   */
  async sweepUnlinked(retentionHours: number, batch = 500): Promise<{ rows: number; blobs: number }> {
    const cutoff = new Date(this.clock.now().getTime() - retentionHours * 3_600_000);
    const deleted = await this.repository.deleteUnlinkedBefore(cutoff, batch);
    let blobs = 0;
    for (const [storageKey, sha256] of new Map(deleted.map((d) => [d.storageKey, d.sha256]))) {
      await this.repository.manager.transaction(async (em) => {
        await lockBlob(em, storageKey);
        if (await this.repository.isStored(em, sha256, storageKey)) return;
        await this.storage.delete(storageKey);
        blobs++;
      });
    }
    return { rows: deleted.length, blobs };
  }

  /**
   * Links uploaded attachments to a newly registered case inside its transaction. Each id must exist, be unlinked
   * or already on this case, and (when it was uploaded by a logged-in user) have been uploaded by `actorId`;
   * otherwise 422 on `field`, and nothing is linked.
   */
  async linkToCase(em: EntityManager, ids: readonly string[], caseId: string, actorId: string | null, field = 'attachmentIds'): Promise<AttachmentMetadata[]> {
    const unique = [...new Set(ids)];
    const rows = await Promise.all(unique.map((id) => this.repository.findById(id, em)));
    const unusable = rows.some((row) => !row || (row.caseId !== null && row.caseId !== caseId) || (row.uploadedById !== null && row.uploadedById !== actorId));
    if (unusable) throw AppException.invalidField(field, 'ATTACHMENT_UNAVAILABLE', FIELD_ERROR_MESSAGES.ATTACHMENT_UNAVAILABLE);
    const pending = (rows as AttachmentEntity[]).filter((row) => row.caseId === null).map((row) => row.id);
    // The WHERE case_id IS NULL makes a concurrent link of the same upload lose cleanly instead of stealing it.
    if ((await this.repository.linkUnlinked(em, pending, caseId)) !== pending.length) {
      throw AppException.invalidField(field, 'ATTACHMENT_UNAVAILABLE', FIELD_ERROR_MESSAGES.ATTACHMENT_UNAVAILABLE);
    }
    return (rows as AttachmentEntity[]).map((row) => toMetadata({ ...row, caseId }));
  }

  /**
   * What the registering event records of the attachments it links (id, purpose, name, type, size, SHA-256), read
   * in the use case's transaction before the case exists; linkToCase checks and links them after.
   */
  async facts(em: EntityManager, ids: readonly string[]): Promise<Record<string, unknown>[]> {
    const rows = await Promise.all([...new Set(ids)].map((id) => this.repository.findById(id, em)));
    return rows.filter((r): r is AttachmentEntity => r !== null).map((r) => attachmentFacts(toMetadata(r)));
  }

  /** The bytes of an attachment, checked against the SHA-256 recorded at upload; null on a mismatch. */
  async verifiedContent(metadata: Pick<AttachmentMetadata, 'storageKey' | 'sha256'>): Promise<Buffer | null> {
    const bytes = await this.storage.get(metadata.storageKey);
    return createHash('sha256').update(bytes).digest('hex') === metadata.sha256 ? bytes : null;
  }

  async listForCase(caseId: string): Promise<AttachmentMetadata[]> {
    return (await this.repository.findByCase(caseId)).map(toMetadata);
  }

  /** Metadata and bytes, or null when there is no such attachment. Access control is the caller's. */
  async read(id: string): Promise<{ metadata: AttachmentMetadata; bytes: Buffer } | null> {
    const row = await this.repository.findById(id);
    if (!row) return null;
    return { metadata: toMetadata(row), bytes: await this.storage.get(row.storageKey) };
  }
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} 字节`;
}

/** Serialises writers and the sweeper on one blob key for the rest of the transaction. */
async function lockBlob(em: EntityManager, storageKey: string): Promise<void> {
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gongkai:blob:${storageKey}`]);
}
