import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { FieldError } from '../../common/errors/error-code.js';
import { yearOf } from '../../common/text/chinese-format.js';
import { writeBeforeCommit } from '../../database/writes-before-commit.js';
import { BlobStorage } from '../storage/blob-storage.js';
import { DocumentSeal } from './document-seal.js';
import { DocumentsRepository } from './documents.repository.js';
import type { IssuedDocumentEntity } from './issued-document.entity.js';
import type { OfficialDocument } from './official-document.js';
import { MissingGlyphsError, PdfFonts } from './pdf-fonts.js';
import { renderPdf } from './pdf-renderer.js';
import { PdfRenderPool } from './pdf-render-pool.js';
import type { ReplyContext } from './reply-context.js';
import { TemplateRegistry } from './template-registry.js';

export interface IssueDocumentInput {
  context: ReplyContext;
  /** The kind of letter (a reply type or procedural document of the catalogue); it is also the template id. */
  kind: string;
  /** The officer's blanks (validated here: 422 with `blanks.<field>` errors). */
  blanks: unknown;
  /** The user who issues (approves) the document. */
  issuedById: string;
  /** The document as prepare() rendered and stored it before the transaction, if it was. */
  prepared?: PreparedDocument | null;
}

/** A document rendered and stored ahead of its number's draw (DocumentsService.prepare), with a guessed number. */
export interface PreparedDocument {
  document: OfficialDocument;
  pdf: Buffer;
  sha256: string;
  storageKey: string;
  /** Storing the PDF under `storageKey`, started with the render; issue() has it awaited before its commit. */
  written: Promise<void>;
}

export interface IssuedDocument {
  entity: IssuedDocumentEntity;
  document: OfficialDocument;
  /** The PDF as stored; hashes to `entity.sha256`. */
  pdf: Buffer;
}

/** An issued document as the API lists it. */
export interface IssuedDocumentFacts {
  id: string;
  kind: string;
  title: string;
  documentNumber: string;
  issuedOn: string;
  sha256: string;
  templateId: string;
  templateVersion: number;
  byteSize: number;
}

const issuedDocumentFacts = (d: IssuedDocumentEntity): IssuedDocumentFacts => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  documentNumber: d.documentNumber,
  issuedOn: d.issuedOn,
  sha256: d.sha256,
  templateId: d.templateId,
  templateVersion: d.templateVersion,
  byteSize: d.byteSize,
});

export const documentStorageKey = (issuedOn: string, sha256: string): string => `documents/${yearOf(issuedOn)}/${sha256}.pdf`;

/**
 * Drafts (previews) and issues official documents. Issuing numbers, renders, hashes, stores and records the
 * document inside the caller's transaction, so the number, the case event and the outbox row commit together.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly registry: TemplateRegistry,
    private readonly fonts: PdfFonts,
    private readonly storage: BlobStorage,
    private readonly repository: DocumentsRepository,
    @Optional() private readonly seal: DocumentSeal = DocumentSeal.none(),
    /** Renders off the event loop when it can (PDF_RENDER_WORKERS); absent or unavailable: on the main thread. */
    @Optional() private readonly renderPool?: PdfRenderPool,
  ) {}

  /** Field errors for the blanks of a document kind (`blanks.<field>`), empty when valid. */
  validateBlanks(kind: string, blanks: unknown): FieldError[] {
    const letter = this.registry.letter(kind);
    if (!letter) throw AppException.invalidField('kind', 'INVALID_ENUM', '文书类型取值无效');
    return letter.parseBlanks(blanks).errors;
  }

  /** The document model with a real number (`seq`) or, without, as a draft. Throws 422 on invalid blanks. */
  compose(context: ReplyContext, kind: string, blanks: unknown, seq?: number): OfficialDocument {
    const errors = this.validateBlanks(kind, blanks);
    if (errors.length) throw new AppException('VALIDATION_FAILED', errors);
    return this.registry.render(kind, { context, blanks, seq });
  }

  /** A draft PDF (watermarked 草稿, number left open) for the officer and the approver to read. */
  async preview(context: ReplyContext, kind: string, blanks: unknown): Promise<Buffer> {
    return this.pdf(this.compose(context, kind, blanks));
  }

  /**
   * Renders a document and starts storing it before the transaction that will issue it, numbered as its series will
   * most likely number it, so that the transaction holds the series' lock for no render. issue() uses it only if the
   * document it numbers is the same, field for field, and has its write awaited before it commits.
   * Throws as issue() does on invalid blanks or missing glyphs.
   */
  async prepare(context: ReplyContext, kind: string, blanks: unknown): Promise<PreparedDocument> {
    const draft = this.compose(context, kind, blanks);
    this.assertPrintable(draft);
    return this.renderGuess(context, kind, blanks, draft);
  }

  /**
   * Issues a document in the caller's transaction: draws the next number of its series (gap-free, rolled back
   * with the transaction), renders the PDF, stores it under its SHA-256 and inserts the immutable record.
   * The blob is durable before commit (writeBeforeCommit: while the transaction goes on with its statements, when
   * the caller's transaction awaits such writes); a rolled-back issue leaves an unreferenced, content-addressed file.
   */
  async issue(em: EntityManager, input: IssueDocumentInput): Promise<IssuedDocument> {
    const { context, kind, blanks, issuedById } = input;
    // Validate before drawing a number: a 422 must not consume one even if the caller commits anyway.
    const draft = this.compose(context, kind, blanks);
    // Nor may a document that cannot be printed: its glyphs are checked before the number is drawn.
    this.assertPrintable(draft);
    // Drawing the number locks its series until this transaction ends, and every issue of the series waits for the
    // lock: rendering (tens of milliseconds of CPU) or storing while holding it would queue them all behind each
    // one. So the PDF is rendered and stored first with the number the draw will most likely give (or was, by
    // prepare()), and again only if the document drawn differs from it (someone else drew that number meanwhile).
    const early = input.prepared ?? (await this.renderGuess(context, kind, blanks, draft, em));
    const seq = await this.repository.nextNumber(em, context.agency.id, yearOf(context.issuedOn), draft.series);
    const document = this.registry.render(kind, { context, blanks, seq, version: draft.templateVersion });
    // The PDF is a function of the document model (renderPdf is deterministic), so an equal model means equal bytes.
    const { pdf, sha256, storageKey, written } = isDeepStrictEqual(document, early.document) ? early : await this.stored(document, context.issuedOn);
    await writeBeforeCommit(em, written);
    const entity = await this.repository.insert(em, {
      caseId: context.case.id,
      agencyId: context.agency.id,
      kind,
      templateId: document.templateId,
      templateVersion: document.templateVersion,
      title: document.title,
      documentNumber: document.documentNumber,
      series: document.series,
      seq,
      sha256,
      storageKey,
      byteSize: pdf.length,
      issuedOn: context.issuedOn,
      issuedById,
    });
    this.logger.log({ caseId: context.case.id, documentId: entity.id, documentNumber: entity.documentNumber, sha256 }, 'document issued');
    return { entity, document, pdf };
  }

  /** The document numbered with the number its series will most likely give next, rendered and stored. */
  private async renderGuess(context: ReplyContext, kind: string, blanks: unknown, draft: OfficialDocument, em?: EntityManager): Promise<PreparedDocument> {
    const guess = await this.repository.likelyNextNumber(context.agency.id, yearOf(context.issuedOn), draft.series, em);
    return this.stored(this.registry.render(kind, { context, blanks, seq: guess, version: draft.templateVersion }), context.issuedOn);
  }

  /** Renders the document and starts storing it; `written` settles when the file is durable. */
  private async stored(document: OfficialDocument, issuedOn: string): Promise<PreparedDocument> {
    const pdf = await this.pdf(document);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const storageKey = documentStorageKey(issuedOn, sha256);
    const written = this.storage.put(storageKey, pdf, 'application/pdf');
    // A prepared document the number's draw did not confirm is not issued, and nobody awaits its write.
    written.catch(() => undefined);
    return { document, pdf, sha256, storageKey, written };
  }

  /** The stored PDF of an issued document, checked against its recorded hash. */
  async content(document: Pick<IssuedDocumentEntity, 'storageKey' | 'sha256'>): Promise<Buffer> {
    const pdf = await this.storage.get(document.storageKey);
    const actual = createHash('sha256').update(pdf).digest('hex');
    if (actual !== document.sha256) throw new Error(`stored document ${document.storageKey} does not match its SHA-256 (got ${actual})`);
    return pdf;
  }

  findByCase(caseId: string, em?: EntityManager): Promise<IssuedDocumentEntity[]> {
    return this.repository.findByCase(caseId, em);
  }

  /** Whether a kind of document goes to the applicant: every reply, and the procedural documents addressed to them. */
  addressedToApplicant(kind: string): boolean {
    return this.registry.letter(kind)?.addressee === 'APPLICANT';
  }

  /**
   * GET /cases/:id/documents for a caller who may read the case: an applicant sees the documents addressed to them
   * (replies and their notices), not letters to third parties or co-producing agencies.
   */
  async visibleDocuments(user: AuthUser, caseId: string): Promise<IssuedDocumentFacts[]> {
    return (await this.visible(user, caseId)).map(issuedDocumentFacts);
  }

  /** The PDF of one visible document, checked against its hash, and its file name; 404 for any other id. */
  async visibleDocumentPdf(user: AuthUser, caseId: string, documentId: string): Promise<{ pdf: Buffer; filename: string }> {
    const document = (await this.visible(user, caseId)).find((d) => d.id === documentId);
    if (!document) throw AppException.notFound();
    return { pdf: await this.content(document), filename: `${document.title}（${document.documentNumber}）.pdf` };
  }

  private async visible(user: AuthUser, caseId: string): Promise<IssuedDocumentEntity[]> {
    const documents = await this.findByCase(caseId);
    if (user.role !== Role.APPLICANT) return documents;
    return documents.filter((d) => this.addressedToApplicant(d.kind));
  }

  /** 422 DOCUMENT_GLYPHS_MISSING when an ideograph of the document is in no configured font. */
  assertPrintable(document: OfficialDocument): void {
    try {
      for (const text of [document.letterhead ?? '', document.title]) this.fonts.runs(text, this.fonts.bold);
      for (const text of [document.recipient, document.documentNumber, ...document.paragraphs, document.note ?? '', document.signature.agencyName])
        this.fonts.runs(text, this.fonts.regular);
    } catch (e) {
      throw glyphError(e);
    }
  }

  private async pdf(document: OfficialDocument): Promise<Buffer> {
    try {
      const onePage = this.registry.letter(document.kind)?.onePage ?? false;
      if (this.renderPool?.available) return await this.renderPool.render(document, { onePage });
      return await renderPdf(document, this.fonts, { sealImage: this.seal.image, onePage });
    } catch (e) {
      throw glyphError(e);
    }
  }
}

function glyphError(e: unknown): unknown {
  if (!(e instanceof MissingGlyphsError)) return e;
  return new AppException(
    'DOCUMENT_GLYPHS_MISSING',
    e.characters.map((c) => ({
      field: 'document',
      code: 'GLYPH_MISSING',
      message: `字库缺少“${c}”（U+${c.codePointAt(0)!.toString(16).toUpperCase()}）`,
    })),
  );
}
