import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OfficialDocument } from '../../src/modules/documents/official-document.js';
import { MissingGlyphsError, type PdfFontConfig, PdfFonts } from '../../src/modules/documents/pdf-fonts.js';
import { PdfRenderPool } from '../../src/modules/documents/pdf-render-pool.js';
import { renderPdf } from '../../src/modules/documents/pdf-renderer.js';
import { SAMPLE_REPLY_CONTEXT } from '../../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../../src/modules/documents/template-registry.js';
import { kindRule } from '../../src/modules/letters/document-kinds.js';
import { LETTERS } from '../../src/modules/letters/letter-catalogue.js';
import { REPLY_TYPES } from '../../src/modules/letters/reply-types.js';

/** The compiled worker (`npm run build`): ts-jest runs the sources, which have no .js worker to start. */
const WORKER = pathToFileURL(path.resolve('dist/modules/documents/pdf-render-worker.js'));
const DEFAULT_FONTS: PdfFontConfig = { regular: null, bold: null, fallbacks: null };

describe('PDF render pool (worker threads)', () => {
  let documents: OfficialDocument[];
  let pool: PdfRenderPool;

  beforeAll(() => {
    const registry = TemplateRegistry.load(path.resolve('templates'), LETTERS);
    documents = REPLY_TYPES.map((type, i) => registry.render(type, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(type).exampleBlanks, seq: i + 1 }));
    pool = new PdfRenderPool(2, DEFAULT_FONTS, null, WORKER);
  });
  afterAll(() => pool.close());

  it('should give the same bytes as rendering on the main thread, for every reply type, renders in parallel', async () => {
    expect(pool.available).toBe(true);
    const fonts = PdfFonts.load(DEFAULT_FONTS);
    const [fromWorkers, onMain] = [await Promise.all(documents.map((d) => pool.render(d))), await Promise.all(documents.map((d) => renderPdf(d, fonts)))];
    expect(fromWorkers.length).toBe(REPLY_TYPES.length);
    fromWorkers.forEach((pdf, i) => {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.equals(onMain[i])).toBe(true);
    });
  });

  it('should report a character no font has as on the main thread (MissingGlyphsError naming it)', async () => {
    const bare = new PdfRenderPool(1, { regular: null, bold: null, fallbacks: [] }, null, WORKER);
    try {
      const failure = await bare.render({ ...documents[0], recipient: '吉𠮷' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(MissingGlyphsError);
      expect((failure as MissingGlyphsError).characters).toEqual(['𠮷']);
      // The worker survives a failed render.
      expect((await bare.render(documents[0])).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await bare.close();
    }
  });

  it('should not be available without workers or without the compiled worker', () => {
    expect(new PdfRenderPool(0, DEFAULT_FONTS, null, WORKER).available).toBe(false);
    expect(new PdfRenderPool(1, DEFAULT_FONTS, null, pathToFileURL(path.resolve('no-such-worker.js'))).available).toBe(false);
  });
});
