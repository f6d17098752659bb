import { createHash } from 'node:crypto';
import { AppException } from '../../src/common/errors/app.exception.js';
import { CaseEntity } from '../../src/modules/cases/case.entity.js';
import { DocumentsRepository } from '../../src/modules/documents/documents.repository.js';
import { DocumentsService } from '../../src/modules/documents/documents.service.js';
import { IssuedDocumentEntity } from '../../src/modules/documents/issued-document.entity.js';
import { PdfFonts } from '../../src/modules/documents/pdf-fonts.js';
import type { ReplyContext } from '../../src/modules/documents/reply-context.js';
import { TemplateRegistry } from '../../src/modules/documents/template-registry.js';
import { caseDocumentContext } from '../../src/modules/replies/case-documents.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { UserEntity } from '../../src/modules/users/user.entity.js';
import { pdfText } from '../integration/documents-pdf.helpers.js';
import { HEAD, registerCase } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('documents: preview and issue', () => {
  let app: TestApp;
  let sut: DocumentsService;
  let headId: string;

  /** The ReplyContext the case workflow builds, for a case without events, delivered by e-mail. */
  async function contextFor(caseId: string, issuedOn = '2026-03-16'): Promise<ReplyContext> {
    const c = await app.dataSource.manager.findOneByOrFail(CaseEntity, { id: caseId });
    return { ...(await caseDocumentContext(app.dataSource.manager, c, [], issuedOn)), deliveryMethod: 'EMAIL' };
  }

  const issue = (context: ReplyContext, kind: 'NOT_EXIST' | 'CORRECTION_NOTICE' | 'WITHHOLD_PROCESS', blanks: unknown = undefined) =>
    app.dataSource.transaction((em) =>
      sut.issue(em, {
        context,
        kind,
        blanks:
          blanks ??
          (kind === 'CORRECTION_NOTICE' ? { correctionItems: '请写明所需信息的名称或文号。', correctionDeadline: '2026-04-03' } : REPLY_BLANK_EXAMPLES[kind]),
        issuedById: headId,
      }),
    );

  beforeAll(async () => {
    app = await startTestApp({ now: '2026-03-16T02:00:00Z' });
    sut = app.app.get(DocumentsService);
    headId = (await app.dataSource.manager.findOneByOrFail(UserEntity, { email: HEAD })).id;
  });

  afterAll(async () => {
    await app.close();
  });

  it('should issue a reply with the next number of its series, store the PDF under its hash and record it', async () => {
    const c = await registerCase(app, '2026-03-02');
    const context = await contextFor(c.id);
    const { entity, pdf } = await issue(context, 'NOT_EXIST');
    expect(entity).toMatchObject({
      caseId: c.id,
      agencyId: context.agency.id,
      kind: 'NOT_EXIST',
      templateId: 'NOT_EXIST',
      templateVersion: 1,
      title: '政府信息公开申请答复书',
      documentNumber: '示县自然资公开〔2026〕1号',
      series: 'REPLY',
      seq: 1,
      sha256: sha256(pdf),
      storageKey: `documents/2026/${sha256(pdf)}.pdf`,
      byteSize: pdf.length,
      issuedOn: '2026-03-16',
      issuedById: headId,
    });
    expect(sha256(await app.app.get(BlobStorage).get(entity.storageKey))).toBe(entity.sha256);
    expect(sha256(await sut.content(entity))).toBe(entity.sha256);
    const text = await pdfText(pdf);
    expect(text).toContain('示县自然资公开〔2026〕1号');
    expect(text).toContain('第三十六条第（四）项');
    expect(text).toContain(`受理编号：${c.trackingNumber}；送达方式：电子邮件`);
    // After the receipt (接收回执) issued at registration.
    expect((await sut.findByCase(c.id)).map((d) => [d.kind, d.id])).toEqual([['RECEIPT', expect.any(String)], ['NOT_EXIST', entity.id]]);
  });

  it('should number replies and notices in separate series, and return a rolled-back number to the next issue', async () => {
    const context = await contextFor((await registerCase(app, '2026-03-03')).id);
    expect((await issue(context, 'CORRECTION_NOTICE')).entity.documentNumber).toBe('示县自然资公开告〔2026〕1号');
    await expect(
      app.dataSource.transaction(async (em) => {
        const { entity } = await sut.issue(em, { context, kind: 'WITHHOLD_PROCESS', blanks: REPLY_BLANK_EXAMPLES.WITHHOLD_PROCESS, issuedById: headId });
        expect(entity.documentNumber).toBe('示县自然资公开〔2026〕2号');
        throw new Error('the case event failed');
      }),
    ).rejects.toThrow('the case event failed');
    const { entity, pdf } = await issue(context, 'WITHHOLD_PROCESS');
    expect(entity.documentNumber).toBe('示县自然资公开〔2026〕2号');
    expect(await pdfText(pdf)).toContain('第二十三条第一款第（四）项');
  });

  it('should answer 422 naming the missing blanks, without using up a number', async () => {
    const context = await contextFor((await registerCase(app, '2026-03-04')).id);
    const failure = await issue(context, 'NOT_EXIST', { searchMethod: '关键词检索' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppException);
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'blanks.searchScope', code: 'REQUIRED', message: '请填写检索范围' }] });
    expect((await issue(context, 'NOT_EXIST')).entity.documentNumber).toBe('示县自然资公开〔2026〕3号');
  });

  it('should refuse to change or delete an issued document', async () => {
    const context = await contextFor((await registerCase(app, '2026-03-05')).id);
    const { entity } = await issue(context, 'NOT_EXIST');
    await expect(app.dataSource.query(`UPDATE issued_document SET sha256 = repeat('0', 64) WHERE id = $1`, [entity.id])).rejects.toThrow(/immutable/);
    await expect(app.dataSource.query(`DELETE FROM issued_document WHERE id = $1`, [entity.id])).rejects.toThrow(/immutable/);
    expect((await app.dataSource.manager.findOneByOrFail(IssuedDocumentEntity, { id: entity.id })).sha256).toBe(entity.sha256);
  });

  it('should refuse a second document with the same number for the agency', async () => {
    const context = await contextFor((await registerCase(app, '2026-03-06')).id);
    const { entity } = await issue(context, 'NOT_EXIST');
    const repository = app.app.get(DocumentsRepository);
    const { id: _id, createdAt: _createdAt, ...copy } = entity;
    await expect(app.dataSource.transaction((em) => repository.insert(em, { ...copy, sha256: 'f'.repeat(64) }))).rejects.toThrow(/UQ_issued_document_number/);
  });

  it('should preview a draft marked 草稿 with an open number, and record nothing', async () => {
    const c = await registerCase(app, '2026-03-09');
    const pdf = await sut.preview(await contextFor(c.id), 'NOT_EXIST', REPLY_BLANK_EXAMPLES.NOT_EXIST);
    const text = await pdfText(pdf);
    expect(text).toContain('草稿');
    expect(text).toContain('示县自然资公开〔2026〕×号');
    // Only the receipt issued at registration.
    expect((await sut.findByCase(c.id)).map((d) => d.kind)).toEqual(['RECEIPT']);
  });

  it('should answer 422 naming a character that no configured font can print', async () => {
    const bare = new DocumentsService(
      app.app.get(TemplateRegistry),
      PdfFonts.load({ regular: null, bold: null, fallbacks: [] }),
      app.app.get(BlobStorage),
      app.app.get(DocumentsRepository),
    );
    const context = await contextFor((await registerCase(app, '2026-03-10', { applicantName: '吉𠮷' })).id);
    const failure = await bare.preview(context, 'NOT_EXIST', REPLY_BLANK_EXAMPLES.NOT_EXIST).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'DOCUMENT_GLYPHS_MISSING',
      errors: [{ field: 'document', code: 'GLYPH_MISSING', message: '字库缺少“𠮷”（U+20BB7）' }],
    });
    // With the default fallback (fonts-noto-cjk) the same name prints.
    expect(await pdfText(await sut.preview(context, 'NOT_EXIST', REPLY_BLANK_EXAMPLES.NOT_EXIST))).toContain('吉𠮷：');
  });
});
