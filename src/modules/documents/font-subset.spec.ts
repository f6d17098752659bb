import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { jest } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { withFastSubsets } from './font-subset.js';
import { defaultFontFiles } from './pdf-fonts.js';

/** A PDF of `text` in `font`, with fixed dates: the same font and text give the same bytes. */
function pdfOf(font: fontkit.Font, text: string): Promise<Buffer> {
  const date = new Date('2026-03-16T00:00:00+08:00');
  const doc = new PDFDocument({ size: 'A4', font: '', info: { CreationDate: date, ModDate: date } });
  const done = new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  doc.registerFont('F', font as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('F').fontSize(16).text(text, 72, 72, { width: 450 });
  doc.end();
  return done;
}

const parse = (file: string) => fontkit.create(readFileSync(file)) as fontkit.Font;

describe('withFastSubsets', () => {
  const reply =
    '青山镇人民政府关于政府信息公开申请的答复：你（单位）于2026年3月2日提出的政府信息公开申请收悉。经审查，你申请获取的《青山镇2025年度土地征收补偿安置方案》' +
    '属于公开范围，现随本答复书提供（见附件）。如对本答复不服，可以在收到本答复之日起60日内申请行政复议，或者在6个月内提起行政诉讼。〔2026〕第12号 abc@example.com';

  it('should embed a CJK document byte for byte as fontkit does, without decoding a single outline', async () => {
    const file = defaultFontFiles().regular;
    const fast = withFastSubsets(parse(file));
    const decode = jest.spyOn(Object.getPrototypeOf(fast.glyphForCodePoint(0x653f)) as { _decode(): unknown }, '_decode');
    const withFast = await pdfOf(fast, reply);
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
    expect(withFast.equals(await pdfOf(parse(file), reply))).toBe(true);
  });

  it('should leave composite glyphs (accented Latin in DejaVu Sans) to fontkit, with the same bytes', async () => {
    const file = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    const text = 'Zhāng Sān, Lǚ Xiǎo, Ŵ ŷ ǅ — Müller, Ærø, façade, naïve';
    const fast = withFastSubsets(parse(file));
    const decode = jest.spyOn(Object.getPrototypeOf(fast.glyphForCodePoint(0x61)) as { _decode(): unknown }, '_decode');
    const withFast = await pdfOf(fast, text);
    // Only the composite glyphs were decoded (by fontkit's own path), not every glyph.
    expect(decode).toHaveBeenCalled();
    expect(decode.mock.calls.length).toBeLessThan(new Set(text).size);
    decode.mockRestore();
    expect(withFast.equals(await pdfOf(parse(file), text))).toBe(true);
  });
});
