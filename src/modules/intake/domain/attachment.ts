import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

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

export type AttachmentErrorCode = 'ATTACHMENT_EMPTY' | 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_TYPE_NOT_ALLOWED' | 'ATTACHMENT_TYPE_MISMATCH';

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
  return { filename, contentType: sniffed.mime, byteSize: bytes.byteLength, sha256: sha256Hex(bytes) };
}
