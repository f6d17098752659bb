import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';

/** All text of a PDF, pages joined, whitespace removed (line breaks fall anywhere in Chinese text). */
export async function rawPdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, '');
}

/** The text without page numbers (— 1 —), which fall between sentences that run across pages. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await rawPdfText(pdf)).replace(/—\d+—/g, '');
}

export const squash = (s: string): string => s.replace(/\s+/g, '');

export interface PageRaster {
  width: number;
  height: number;
  /** Share of pixels that are dark (text). */
  dark: number;
  /** Share of pixels that are clearly red (letterhead, rule, seal). */
  red: number;
}

/**
 * Renders one page with poppler's pdftoppm (Debian poppler-utils) and counts ink. Text extraction alone passes on
 * an invisible PDF (pdfkit draws WOFF2 fonts blank), so the tests look at pixels too. No skipping: without
 * pdftoppm the test fails with the command to install it.
 */
let pdftoppmChecked = false;

export function rasterize(pdf: Buffer, page = 1, dpi = 30, keepPngAs?: string): PageRaster {
  if (!pdftoppmChecked) {
    try {
      execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error('pdftoppm not found: install Debian poppler-utils (apt-get install -y poppler-utils) to run the PDF rendering tests');
    }
    pdftoppmChecked = true;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-pdf-'));
  try {
    const input = path.join(dir, 'doc.pdf');
    writeFileSync(input, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), input, path.join(dir, 'page')]);
    if (keepPngAs) execFileSync('pdftoppm', ['-r', '80', '-png', '-f', String(page), '-l', String(page), '-singlefile', input, keepPngAs]);
    const file = readdirSync(dir).find((f) => f.endsWith('.ppm'));
    if (!file) throw new Error('pdftoppm wrote no image');
    return countInk(readFileSync(path.join(dir, file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses a binary PPM (P6, maxval 255). */
function countInk(ppm: Buffer): PageRaster {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a P6 PPM');
  const [, w, h] = header;
  const width = Number(w);
  const height = Number(h);
  const start = header[0].length;
  let dark = 0;
  let red = 0;
  for (let i = start; i + 2 < ppm.length; i += 3) {
    const [r, g, b] = [ppm[i], ppm[i + 1], ppm[i + 2]];
    if (r < 160 && g < 160 && b < 160) dark++;
    else if (r > 170 && g < 120 && b < 120) red++;
  }
  const pixels = width * height;
  return { width, height, dark: dark / pixels, red: red / pixels };
}

/** A red round seal as a PNG, drawn with pdfkit and rasterised by pdftoppm. */
export async function sealPng(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [120, 120], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.circle(60, 60, 55).lineWidth(6).strokeColor('#E60012').stroke();
  doc.circle(60, 60, 20).fillColor('#E60012').fill();
  doc.end();
  await done;
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-seal-'));
  try {
    writeFileSync(path.join(dir, 'seal.pdf'), Buffer.concat(chunks));
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(dir, 'seal.pdf'), path.join(dir, 'seal')]);
    return readFileSync(path.join(dir, 'seal.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
