import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OfficialDocument } from './official-document.js';
import { MissingGlyphsError, type PdfFontConfig } from './pdf-fonts.js';

export interface RenderJob {
  id: number;
  document: OfficialDocument;
  /** RenderOptions.onePage: the caller's catalogue decides, the worker has none. */
  onePage: boolean;
}

export type RenderResult = { id: number; pdf: Uint8Array } | { id: number; error: { missingGlyphs: string[] } | { message: string } };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (pdf: Buffer) => void; reject: (e: Error) => void }>;
}

/** The compiled worker next to this module (dist/); absent when the sources run directly (ts-jest). */
export const DEFAULT_WORKER_SCRIPT = new URL('./pdf-render-worker.js', import.meta.url);

/**
 * Renders official documents on worker threads (PDF_RENDER_WORKERS; default 0, off). Laying out a reply and subsetting
 * and compressing its CJK font takes 20–60 ms of CPU in one piece (pdfkit is synchronous); on the main thread
 * every request arriving meanwhile waits behind it, which is what made approving and acting the slow tail of the
 * service under load. A worker keeps the event loop free: the render costs the same CPU, but elsewhere.
 * Workers start on the first render (an idle instance holds no second copy of the fonts) and a worker that dies
 * fails only the renders it held; the next render starts a new one. `available` is false when the size is 0 or
 * the worker script is missing (sources run by ts-jest): the caller then renders on the main thread.
 * Off by default: an issued document is rendered inside the transaction that draws its number (gap-free), so a
 * render waiting for the worker holds a pooled connection; with the event loop free the service keeps admitting
 * requests, and a burst of 200 web applications on a loaded 2-core machine then saw some wait longer than
 * DB_CONNECT_TIMEOUT_MS for a connection (503) where rendering on the main thread throttled admission instead.
 * Turn it on where cores are to spare, with DB_POOL_SIZE sized for it.
 */
export class PdfRenderPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly fonts: PdfFontConfig,
    private readonly sealImage: Buffer | null,
    private readonly script: URL = DEFAULT_WORKER_SCRIPT,
  ) {}

  get available(): boolean {
    return this.size > 0 && !this.closed && existsSync(fileURLToPath(this.script));
  }

  render(document: OfficialDocument, options: { onePage?: boolean } = {}): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('PDF render pool closed'));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) slot.worker.ref();
      slot.worker.postMessage({ id, document, onePage: options.onePage ?? false } satisfies RenderJob);
    });
  }

  /** Nest calls this on app.close(). */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  /** The worker with the fewest renders queued; a new one while the pool is below its size and all are busy. */
  private pick(): Slot {
    const idle = this.slots.find((s) => s.pending.size === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.spawn();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { workerData: { fonts: this.fonts, sealImage: this.sealImage } });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref(); // an idle worker never keeps the process alive; referenced while it holds a render
    worker.on('message', (result: RenderResult) => {
      const job = slot.pending.get(result.id);
      if (!job) return;
      slot.pending.delete(result.id);
      if (slot.pending.size === 0) worker.unref();
      if ('pdf' in result) job.resolve(Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength));
      else if ('missingGlyphs' in result.error) job.reject(new MissingGlyphsError(result.error.missingGlyphs));
      else job.reject(new Error(`PDF render worker: ${result.error.message}`));
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.pending.values()) job.reject(e);
      slot.pending.clear();
    };
    worker.on('error', (e) => fail(new Error(`PDF render worker failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => fail(new Error(`PDF render worker exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
