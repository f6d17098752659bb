import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';

// Attachments to an application (scans, envelopes, fax pages, ID documents, powers of attorney; issue 4 §4).
// The type is read from the content, never trusted from the name or the browser: only document formats an
// office can open and archive safely are accepted.

/** What a file is for; shown on the case and used to assemble the evidence bundle (rules.md §6). */
export enum AttachmentPurpose {
  APPLICATION_SCAN = 'APPLICATION_SCAN',
  ENVELOPE = 'ENVELOPE',
  FAX_PAGES = 'FAX_PAGES',
  ID_DOCUMENT = 'ID_DOCUMENT',
  POWER_OF_ATTORNEY = 'POWER_OF_ATTORNEY',
  CORRECTION = 'CORRECTION',
  SIGNED_RECEIPT = 'SIGNED_RECEIPT',
  OTHER = 'OTHER',
}

export const ATTACHMENT_PURPOSE_LABELS: Record<AttachmentPurpose, string> = {
  [AttachmentPurpose.APPLICATION_SCAN]: '申请书扫描件',
  [AttachmentPurpose.ENVELOPE]: '信封',
  [AttachmentPurpose.FAX_PAGES]: '传真件',
  [AttachmentPurpose.ID_DOCUMENT]: '身份证明',
  [AttachmentPurpose.POWER_OF_ATTORNEY]: '授权委托书',
  [AttachmentPurpose.CORRECTION]: '补正材料',
  [AttachmentPurpose.SIGNED_RECEIPT]: '签收回执',
  [AttachmentPurpose.OTHER]: '其他',
};

/** Allowed content types and the file-name extensions that may claim them (the first is the canonical one). */
export const ALLOWED_ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
};

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 120;

/**
 * Largest image accepted, in pixels (and per side). A scan of an A3 page at 600 dpi is about 7000 × 9900 = 70 million
 * pixels; a header claiming 100000 × 100000 is a decompression bomb aimed at whoever opens or converts the file.
 */
export const MAX_IMAGE_PIXELS = 150_000_000;
export const MAX_IMAGE_SIDE = 30_000;

export type AttachmentErrorCode =
  | 'ATTACHMENT_EMPTY'
  | 'ATTACHMENT_TOO_LARGE'
  | 'ATTACHMENT_TYPE_NOT_ALLOWED'
  | 'ATTACHMENT_TYPE_MISMATCH'
  | 'ATTACHMENT_ACTIVE_CONTENT'
  | 'ATTACHMENT_IMAGE_TOO_LARGE';

export class AttachmentRejectedError extends Error {
  constructor(
    readonly code: AttachmentErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AttachmentRejectedError';
  }
}

export interface InspectedAttachment {
  /** Sanitised, with the extension of the sniffed type when the name had none. */
  filename: string;
  /** The sniffed type, one of ALLOWED_ATTACHMENT_TYPES. */
  contentType: string;
  byteSize: number;
  sha256: string;
}

// Browser and OS spellings of the same types.
const TYPE_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/tif': 'image/tiff',
  'image/x-tiff': 'image/tiff',
  'application/x-pdf': 'application/pdf',
  'application/acrobat': 'application/pdf',
};
// A browser that does not know the type says so with these: no claim, not a wrong one.
const UNSPECIFIED_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

// Extensions that claim some other kind of file (so "scan.docx" holding a PDF is a mismatch, "scan.v2" is not).
// prettier-ignore
const FOREIGN_EXTENSIONS = new Set([
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'wps', 'et', 'dps', 'ofd', 'txt', 'rtf', 'odt', 'ods', 'html', 'htm', 'xml', 'svg', 'gif',
  'bmp', 'webp', 'heic', 'heif', 'avif', 'zip', 'rar', '7z', 'gz', 'tar', 'exe', 'dll', 'bat', 'cmd', 'js', 'sh', 'msi', 'apk', 'mp3', 'mp4',
  'avi', 'mov', 'wav', 'eml', 'msg', 'ps', 'eps', 'ai', 'psd',
]);

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function normalizeClaimedType(claimed: string | null | undefined): string | null {
  if (typeof claimed !== 'string') return null;
  const type = claimed.split(';')[0].trim().toLowerCase();
  if (UNSPECIFIED_TYPES.has(type)) return null;
  return TYPE_ALIASES[type] ?? type;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

function splitExtension(name: string): [string, string | null] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return [name, null];
  const ext = name.slice(dot + 1);
  // "v1.2" or "第3.5节" have no extension: an extension is a short run of ASCII letters and digits with a letter.
  return /^[A-Za-z0-9]{1,5}$/.test(ext) && /[A-Za-z]/.test(ext) ? [name.slice(0, dot), ext] : [name, null];
}

/**
 * A file name safe to store, show and put in a Content-Disposition header: the last path segment only, no control
 * or invisible formatting characters (a right-to-left override can make "gpj.exe" look like "exe.jpg"), no
 * characters Windows forbids, Chinese kept, at most 120 characters with the extension preserved. '' if nothing is left.
 */
export function sanitizeFileName(name: unknown): string {
  if (typeof name !== 'string') return '';
  let s = name.replace(LONE_SURROGATE, '').normalize('NFKC');
  s = s.split(/[/\\]/).pop() ?? '';
  s = s
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFFFD]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const [stem, ext] = splitExtension(s);
  let base = WINDOWS_DEVICE.test(stem) ? `_${stem}` : stem;
  const suffix = ext === null ? '' : `.${ext}`;
  const room = MAX_FILE_NAME_LENGTH - [...suffix].length;
  const chars = [...base];
  if (chars.length > room) base = chars.slice(0, room).join('').trimEnd();
  return base === '' ? '' : `${base}${suffix}`;
}

/**
 * Checks size and content type, sanitises the name and hashes the bytes. Rejects (AttachmentRejectedError) an
 * empty or oversized file, content that is not PDF/JPEG/PNG/TIFF, and content that contradicts the claimed
 * MIME type or the name's extension. A name without an extension gets the sniffed one.
 */
export async function inspectAttachment(
  bytes: Uint8Array,
  claimedName: string | null | undefined,
  claimedType: string | null | undefined,
  options: { maxBytes?: number } = {},
): Promise<InspectedAttachment> {
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  if (bytes.byteLength === 0) throw new AttachmentRejectedError('ATTACHMENT_EMPTY', 'no content');
  if (bytes.byteLength > maxBytes) throw new AttachmentRejectedError('ATTACHMENT_TOO_LARGE', `${bytes.byteLength} > ${maxBytes} bytes`);

  const sniffed = await fileTypeFromBuffer(bytes);
  const extensions = sniffed ? ALLOWED_ATTACHMENT_TYPES[sniffed.mime] : undefined;
  if (!sniffed || !extensions) throw new AttachmentRejectedError('ATTACHMENT_TYPE_NOT_ALLOWED', sniffed ? sniffed.mime : 'unknown content');

  const claimed = normalizeClaimedType(claimedType);
  if (claimed !== null && claimed !== sniffed.mime)
    throw new AttachmentRejectedError('ATTACHMENT_TYPE_MISMATCH', `claimed ${claimed}, content is ${sniffed.mime}`);

  const cleaned = sanitizeFileName(claimedName);
  const [, ext] = splitExtension(cleaned);
  let filename: string;
  if (ext !== null && extensions.includes(ext.toLowerCase())) {
    filename = cleaned;
  } else if (
    ext !== null &&
    (FOREIGN_EXTENSIONS.has(ext.toLowerCase()) || Object.values(ALLOWED_ATTACHMENT_TYPES).some((list) => list.includes(ext.toLowerCase())))
  ) {
    throw new AttachmentRejectedError('ATTACHMENT_TYPE_MISMATCH', `name says .${ext}, content is ${sniffed.mime}`);
  } else {
    filename = sanitizeFileName(`${cleaned || 'attachment'}.${extensions[0]}`);
  }
  if (sniffed.mime === 'application/pdf') {
    const active = pdfActiveContent(bytes);
    if (active) throw new AttachmentRejectedError('ATTACHMENT_ACTIVE_CONTENT', `PDF holds /${active}`);
  } else {
    const problem = imageDimensionProblem(bytes);
    if (problem) throw new AttachmentRejectedError('ATTACHMENT_IMAGE_TOO_LARGE', problem);
  }
  return { filename, contentType: sniffed.mime, byteSize: bytes.byteLength, sha256: sha256Hex(bytes) };
}

// PDF names that make a file act rather than show: scripts (JavaScript, JS), actions that start programs (Launch),
// files carried inside (EmbeddedFile, EmbeddedFiles), Flash/3D media (RichMedia) and XFA forms (which script).
// An office opens applicants' files on its own machines: such a PDF is refused, the applicant can print it to PDF.
const ACTIVE_PDF_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA']);
const PDF_NAME = /\/([^\s/[\]()<>{}%]+)/g;
// Object streams (PDF 1.5) hide dictionaries in compressed streams: they are inflated, within a budget.
const OBJECT_STREAM = /\/Type\s*\/ObjStm[\s\S]{0,400}?stream\r?\n/g;
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

function activeName(text: string): string | null {
  for (const match of text.matchAll(PDF_NAME)) {
    // Names may spell characters as #xx (/J#61vaScript is /JavaScript).
    const name = match[1].replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (ACTIVE_PDF_NAMES.has(name)) return name;
  }
  return null;
}

/** The first active-content name a PDF holds, in its plain objects or its object streams; null for an inert PDF. */
export function pdfActiveContent(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const plain = activeName(text);
  if (plain) return plain;
  let budget = MAX_INFLATED_BYTES;
  for (const match of text.matchAll(OBJECT_STREAM)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0 || budget <= 0) break;
    let inflated: Buffer;
    try {
      inflated = inflateSync(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start), { maxOutputLength: budget });
    } catch {
      // An uncompressed object stream was read with the plain text above. Any other filter, damage, or over the
      // budget: what cannot be read cannot be checked, so it is not accepted.
      if (!/\/Filter/.test(match[0])) continue;
      return 'ObjStm';
    }
    budget -= inflated.length;
    const found = activeName(inflated.toString('latin1'));
    if (found) return found;
  }
  return null;
}

/**
 * Why an image's declared dimensions are refused (beyond MAX_IMAGE_PIXELS or MAX_IMAGE_SIDE), or null. An image
 * whose header declares no readable size is kept: it is stored and served inert (as a download, never rendered).
 */
export function imageDimensionProblem(bytes: Uint8Array): string | null {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    return null;
  }
  const { width, height } = size;
  if (!width || !height) return null;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) return `${width} × ${height} pixels`;
  return null;
}
