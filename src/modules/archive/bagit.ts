import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { ArchiveSigningKey } from './signing-key.js';

// BagIt (RFC 8493) written straight into a streamed ZIP: payload files first (each fetched, hashed and written
// one after another, so no more than one file is held in memory), then the tag files, which need the payload's
// digests. Digests in SHA-256 and SM3 (GB/T 32905): Chinese archival and timestamp services expect SM3.

export const BAG_ALGORITHMS = ['sha256', 'sm3'] as const;
export type BagAlgorithm = (typeof BAG_ALGORITHMS)[number];

/** The files the signature covers, in this order. */
export const SIGNED_TAG_FILES = ['tagmanifest-sha256.txt', 'tagmanifest-sm3.txt'] as const;
export const SIGNATURE_FILE = 'signature.json';
/** Unix mode written for every entry; the verifier accepts exactly this one (no executables). */
export const ENTRY_MODE = 0o100644;

export interface BagFile {
  /** Path inside the bag, ASCII only (RFC 8493 section 7.2: names survive Unicode normalisation differences). */
  path: string;
  content: () => Promise<Buffer>;
  /** false for files that are compressed already (PDF, JPEG, PNG). */
  compress?: boolean;
}

export interface BagSpec {
  payload: BagFile[];
  /** bag-info.txt fields in order; Payload-Oxum and Bag-Size are added. */
  bagInfo: [string, string][];
  /** Tag files besides bagit.txt, bag-info.txt and the manifests (public keys, ledger proof); covered by the tag manifests. */
  tagFileNames: string[];
  tagFiles: (digests: ReadonlyMap<string, Record<BagAlgorithm, string>>) => Promise<{ path: string; content: Buffer }[]>;
  signer: ArchiveSigningKey;
  /** Entry timestamps (the bagging time). */
  mtime: Date;
}

const digest = (alg: BagAlgorithm, data: Buffer): string => createHash(alg).update(data).digest('hex');

/** `<digest>  <path>` lines (two spaces, as sha256sum writes them, so `sha256sum -c` reads the manifest as is). */
export function manifestText(entries: Iterable<[string, Record<BagAlgorithm, string>]>, alg: BagAlgorithm): string {
  return [...entries].map(([p, d]) => `${d[alg]}  ${p}\n`).join('');
}

/** The message a bag signature covers: a label and the digests of the two tag manifests. */
export function bagSignatureMessage(tagManifests: Record<(typeof SIGNED_TAG_FILES)[number], Buffer>): string {
  return `gongkai-bag-signature/v1\n${digest('sha256', tagManifests['tagmanifest-sha256.txt'])}  tagmanifest-sha256.txt\n${digest('sm3', tagManifests['tagmanifest-sm3.txt'])}  tagmanifest-sm3.txt\n`;
}

/** Writes the bag as a ZIP stream. The returned stream errors if a payload file cannot be read. */
export function writeBagZip(spec: BagSpec): Readable {
  if (new Set(spec.payload.map((f) => f.path)).size !== spec.payload.length) throw new Error('duplicate payload path');
  for (const f of spec.payload) {
    if (!/^data\/[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(f.path) || f.path.includes('..')) throw new Error(`payload path not ASCII-safe: ${f.path}`);
  }
  const zip = new yazl.ZipFile();
  const options = { mtime: spec.mtime, mode: ENTRY_MODE, forceDosTimestamp: true };
  const payloadDigests = new Map<string, Record<BagAlgorithm, string>>();
  let payloadBytes = 0;
  const lazy = (path: string, compress: boolean, produce: () => Promise<Buffer>) =>
    zip.addReadStreamLazy(path, { ...options, compress }, (cb) => {
      produce().then(
        (data) => cb(null, Readable.from([data])),
        (e: unknown) => cb(e, Readable.from([])),
      );
    });

  for (const file of spec.payload) {
    lazy(file.path, file.compress ?? true, async () => {
      const data = await file.content();
      payloadDigests.set(file.path, { sha256: digest('sha256', data), sm3: digest('sm3', data) });
      payloadBytes += data.length;
      return data;
    });
  }

  // Tag files come after the payload in the ZIP: yazl asks for each lazily, in order, so by then every payload
  // digest is known. They are built once, on the first request.
  let tags: Promise<Map<string, Buffer>> | null = null;
  const buildTags = async (): Promise<Map<string, Buffer>> => {
    const files = new Map<string, Buffer>();
    files.set('bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'utf8'));
    const info = [...spec.bagInfo, ['Payload-Oxum', `${payloadBytes}.${payloadDigests.size}`], ['Bag-Size', `${payloadBytes} bytes`]];
    files.set('bag-info.txt', Buffer.from(info.map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}\n`).join(''), 'utf8'));
    for (const alg of BAG_ALGORITHMS) files.set(`manifest-${alg}.txt`, Buffer.from(manifestText(payloadDigests, alg), 'utf8'));
    for (const extra of await spec.tagFiles(payloadDigests)) {
      if (!spec.tagFileNames.includes(extra.path)) throw new Error(`undeclared tag file ${extra.path}`);
      files.set(extra.path, extra.content);
    }
    const tagDigests = [...files].map(([p, c]): [string, Record<BagAlgorithm, string>] => [p, { sha256: digest('sha256', c), sm3: digest('sm3', c) }]);
    for (const alg of BAG_ALGORITHMS) files.set(`tagmanifest-${alg}.txt`, Buffer.from(manifestText(tagDigests, alg), 'utf8'));
    const message = bagSignatureMessage({ 'tagmanifest-sha256.txt': files.get('tagmanifest-sha256.txt')!, 'tagmanifest-sm3.txt': files.get('tagmanifest-sm3.txt')! });
    const signature = {
      algorithm: spec.signer.record.algorithm,
      keyId: spec.signer.record.keyId,
      signedAt: spec.mtime.toISOString(),
      signedFiles: [...SIGNED_TAG_FILES],
      signature: spec.signer.sign(message).toString('base64'),
    };
    files.set(SIGNATURE_FILE, Buffer.from(`${JSON.stringify(signature)}\n`, 'utf8'));
    return files;
  };
  // The names of the tag files are known up front; their content only once the payload is written.
  const names = ['bagit.txt', 'bag-info.txt', ...BAG_ALGORITHMS.map((a) => `manifest-${a}.txt`), ...spec.tagFileNames];
  for (const name of [...names, ...BAG_ALGORITHMS.map((a) => `tagmanifest-${a}.txt`), SIGNATURE_FILE]) {
    lazy(name, true, async () => {
      tags ??= buildTags();
      const content = (await tags).get(name);
      if (!content) throw new Error(`tag file ${name} was not produced`);
      return content;
    });
  }
  zip.end();
  return zip.outputStream as Readable;
}
