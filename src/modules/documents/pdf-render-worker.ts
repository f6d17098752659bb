// A PDF render worker (worker_threads) of PdfRenderPool: loads the configured fonts once and renders the documents
// it is sent with the same renderPdf as the main thread, so the bytes (and the archived SHA-256) are identical.
import { parentPort, workerData } from 'node:worker_threads';
import { MissingGlyphsError, type PdfFontConfig, PdfFonts } from './pdf-fonts.js';
import { renderPdf } from './pdf-renderer.js';
import type { RenderJob, RenderResult } from './pdf-render-pool.js';

const { fonts: fontConfig, sealImage } = workerData as { fonts: PdfFontConfig; sealImage: Uint8Array | null };
const fonts = PdfFonts.load(fontConfig);
const seal = sealImage ? Buffer.from(sealImage.buffer, sealImage.byteOffset, sealImage.byteLength) : null;

parentPort!.on('message', (job: RenderJob) => {
  renderPdf(job.document, fonts, { sealImage: seal, onePage: job.onePage }).then(
    (pdf) => parentPort!.postMessage({ id: job.id, pdf } satisfies RenderResult),
    (e: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        error: e instanceof MissingGlyphsError ? { missingGlyphs: e.characters } : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
      } satisfies RenderResult),
  );
});
