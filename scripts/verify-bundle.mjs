#!/usr/bin/env node
// Offline verifier of a Gongkai evidence bundle (a BagIt bag in a ZIP). Needs nothing but Node.js (≥ 20.15) and
// the bundle: copy this one file anywhere and run
//
//   node verify-bundle.mjs case-bundle.zip [--keys keys.json] [--json]
//
// It checks the ZIP's structure byte for byte, both payload manifests (SHA-256 and SM3), both tag manifests, the
// Ed25519 or SM2 signature over the tag manifests, every event's hash and link (RFC 8785 canonical JSON, as the service
// hashes it), every document against the event that issued it, and the case's inclusion proof in the agency-wide
// ledger against its signed checkpoint (RFC 6962 / C2SP tlog-checkpoint). It prints a 四性检测 report numbered
// after DA/T 70-2018 (真实性 1-x, 完整性 2-x, 可用性 3-x, 安全性 4-x), names the first broken link, and exits
// with 0 when everything passed, 1 when anything failed, 2 on a usage error.
//
// --keys: a JSON file as served by GET /api/v1/archive/keys; the bundle's signer must then be one of those keys
// (without it the key carried in the bundle is used, which proves integrity but not who signed).

import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------------------------
// ZIP: a strict reader for the ZIPs the service writes (stored or deflated entries, data descriptors, no extra
// fields, no comments). Every byte of the file belongs to a header, an entry's data or the central directory, and
// every header field is compared with its copy, so a change anywhere in the file is detected.

const ENTRY_MODE = 0o100644;
const VERSION_MADE_BY = (3 << 8) | 63;
const UTF8_FLAG = 1 << 11;
const DESCRIPTOR_FLAG = 1 << 3;

class ZipError extends Error {}

export function readZip(buf) {
  if (buf.length < 22) throw new ZipError('文件过短，不是ZIP文件');
  const eocd = buf.length - 22;
  if (buf.readUInt32LE(eocd) !== 0x06054b50) throw new ZipError('ZIP文件结尾（中央目录结束记录）缺失或有多余数据');
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) throw new ZipError('ZIP分卷字段异常');
  const count = buf.readUInt16LE(eocd + 8);
  if (buf.readUInt16LE(eocd + 10) !== count) throw new ZipError('ZIP条目数不一致');
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt16LE(eocd + 20) !== 0) throw new ZipError('ZIP注释字段异常');
  if (cdOffset + cdSize !== eocd) throw new ZipError('中央目录位置或大小与文件不符');
  const entries = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError(`中央目录第${i + 1}项损坏`);
    const e = {
      madeBy: buf.readUInt16LE(p + 4),
      needed: buf.readUInt16LE(p + 6),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      time: buf.readUInt16LE(p + 12),
      date: buf.readUInt16LE(p + 14),
      crc: buf.readUInt32LE(p + 16),
      csize: buf.readUInt32LE(p + 20),
      usize: buf.readUInt32LE(p + 24),
      nameLen: buf.readUInt16LE(p + 28),
      extraLen: buf.readUInt16LE(p + 30),
      commentLen: buf.readUInt16LE(p + 32),
      disk: buf.readUInt16LE(p + 34),
      internal: buf.readUInt16LE(p + 36),
      external: buf.readUInt32LE(p + 38),
      offset: buf.readUInt32LE(p + 42),
    };
    e.nameBytes = buf.subarray(p + 46, p + 46 + e.nameLen);
    e.name = e.nameBytes.toString('latin1');
    const where = `中央目录第${i + 1}项（${e.name}）`;
    if (e.madeBy !== VERSION_MADE_BY || e.needed !== 20 || e.disk !== 0 || e.internal !== 0 || e.extraLen !== 0 || e.commentLen !== 0) throw new ZipError(`${where}字段异常`);
    if ((e.flags & ~(UTF8_FLAG | DESCRIPTOR_FLAG)) !== 0 || !(e.flags & UTF8_FLAG)) throw new ZipError(`${where}标志位异常`);
    if (e.method !== 0 && e.method !== 8) throw new ZipError(`${where}使用了不允许的压缩方法（${e.method}）`);
    if (e.external !== ((ENTRY_MODE << 16) >>> 0)) throw new ZipError(`${where}文件属性异常（可执行或特殊文件）`);
    if (!/^[\x21-\x7e]+$/.test(e.name) || e.name.startsWith('/') || e.name.includes('\\') || e.name.split('/').includes('..') || e.name.endsWith('/')) throw new ZipError(`${where}文件名不合规`);
    entries.push(e);
    p += 46 + e.nameLen;
  }
  if (p !== eocd) throw new ZipError('中央目录长度与条目不符');
  const files = new Map();
  let cursor = 0;
  for (const e of entries) {
    const where = `文件 ${e.name} 的本地头`;
    if (e.offset !== cursor) throw new ZipError(`${where}位置不连续（有多余或缺失的字节）`);
    if (cursor + 30 > cdOffset || buf.readUInt32LE(cursor) !== 0x04034b50) throw new ZipError(`${where}损坏`);
    const descriptor = (e.flags & DESCRIPTOR_FLAG) !== 0;
    const same =
      buf.readUInt16LE(cursor + 4) === e.needed &&
      buf.readUInt16LE(cursor + 6) === e.flags &&
      buf.readUInt16LE(cursor + 8) === e.method &&
      buf.readUInt16LE(cursor + 10) === e.time &&
      buf.readUInt16LE(cursor + 12) === e.date &&
      buf.readUInt32LE(cursor + 14) === (descriptor ? 0 : e.crc) &&
      buf.readUInt32LE(cursor + 18) === (descriptor ? 0 : e.csize) &&
      buf.readUInt32LE(cursor + 22) === (descriptor ? 0 : e.usize) &&
      buf.readUInt16LE(cursor + 26) === e.nameLen &&
      buf.readUInt16LE(cursor + 28) === 0 &&
      buf.subarray(cursor + 30, cursor + 30 + e.nameLen).equals(e.nameBytes);
    if (!same) throw new ZipError(`${where}与中央目录不一致`);
    const start = cursor + 30 + e.nameLen;
    const end = start + e.csize;
    if (end > cdOffset) throw new ZipError(`文件 ${e.name} 的数据超出范围`);
    cursor = end;
    if (descriptor) {
      if (cursor + 16 > cdOffset || buf.readUInt32LE(cursor) !== 0x08074b50 || buf.readUInt32LE(cursor + 4) !== e.crc || buf.readUInt32LE(cursor + 8) !== e.csize || buf.readUInt32LE(cursor + 12) !== e.usize) {
        throw new ZipError(`文件 ${e.name} 的数据描述符与中央目录不一致`);
      }
      cursor += 16;
    }
    let data;
    try {
      data = e.method === 8 ? inflateRawSync(buf.subarray(start, end)) : Buffer.from(buf.subarray(start, end));
    } catch {
      throw new ZipError(`文件 ${e.name} 的压缩数据损坏`);
    }
    if (data.length !== e.usize || crc32(data) !== e.crc) throw new ZipError(`文件 ${e.name} 的内容与CRC校验值不符`);
    if (files.has(e.name)) throw new ZipError(`文件 ${e.name} 重复出现`);
    files.set(e.name, data);
  }
  if (cursor !== cdOffset) throw new ZipError('最后一个文件与中央目录之间有多余的字节');
  return files;
}

// ---------------------------------------------------------------------------------------------------------------
// Hashing, exactly as the service does it.

const hex = (alg, data) => createHash(alg).update(data).digest('hex');

/** RFC 8785 (JCS) for the JSON values events hold: sorted keys (UTF-16 order), ECMAScript number and string forms. */
export function canonicalize(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalize(v))).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(value[k])}`).join(',')}}`;
}

/** The event hash: SHA-256 over the canonical JSON of the fields below (the service's event-chain). */
export function eventHash(e) {
  const fields = {
    caseId: e.caseId,
    seq: e.seq,
    type: e.type,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt,
    actorId: e.actorId,
    actorRole: e.actorRole,
    payload: e.payload,
    reason: e.reason,
    backDated: e.backDated,
    prevHash: e.prevHash,
  };
  return hex('sha256', Buffer.from(canonicalize(fields), 'utf8'));
}

const sha256Buf = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const nodeHash = (l, r) => sha256Buf(Buffer.from([1]), l, r);
export const ledgerLeafHash = (caseId, seq, hash) => sha256Buf(Buffer.from([0]), Buffer.from(`gongkai-ledger-leaf/v1\n${caseId}\n${seq}\n${hash}\n`, 'utf8'));

/** RFC 9162 §2.1.3.2: the root implied by a leaf and its audit path, or null. */
export function rootFromInclusionProof(index, size, leaf, proof) {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

const ed25519Key = (spkiBase64) => createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
const keyIdOf = (record) => `${record.algorithm === 'SM2' ? 'sm2' : 'ed25519'}:${hex('sha256', Buffer.from(String(record.publicKey), 'base64')).slice(0, 16)}`;

// ---------------------------------------------------------------------------------------------------------------
// SM2 signatures (GB/T 32918.2, GM/T 0003.2) verified with BigInt arithmetic: Node's OpenSSL hashes SM3 but signs
// and verifies SM2-curve keys only as ECDSA, and this file must run with Node alone. Verification needs no secret,
// so plain (not constant-time) arithmetic is fine. Checked against the GM/T 0003.5 example in the service's tests.

const SM2 = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
/** GM/T 0009-2012: the user id of Z_A when none was agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
/** SubjectPublicKeyInfo of an SM2 key up to the point: id-ecPublicKey, curve 1.2.156.10197.1.301, BIT STRING. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
/** Signed-note type of SM2 keys: 0xff followed by a name. */
const SM2_NOTE_TYPE = Buffer.concat([Buffer.from([0xff]), Buffer.from('SM2-SM3', 'ascii')]);

const mod = (x, m) => ((x % m) + m) % m;
const big = (buf) => BigInt(`0x${buf.toString('hex') || '0'}`);
const be32 = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
function invMod(x, m) {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b, u, v] = [b - q * a, a, v - q * u, u];
  }
  return mod(v, m);
}
// Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³); Z = 0 is the point at infinity.
function jDouble([x, y, z]) {
  const { p, a } = SM2;
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const zz = (z * z) % p;
  const m = (3n * x * x + a * zz * zz) % p;
  const x3 = mod(m * m - 2n * s, p);
  return [x3, mod(m * (s - x3) - 8n * yy * yy, p), (2n * y * z) % p];
}
function jAdd(P, Q) {
  const { p } = SM2;
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const z1z1 = (P[2] * P[2]) % p;
  const z2z2 = (Q[2] * Q[2]) % p;
  const u1 = (P[0] * z2z2) % p;
  const u2 = (Q[0] * z1z1) % p;
  const s1 = (P[1] * Q[2] * z2z2) % p;
  const s2 = (Q[1] * P[2] * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? jDouble(P) : [0n, 1n, 0n];
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const x3 = mod(r * r - hhh - 2n * u1 * hh, p);
  return [x3, mod(r * (u1 * hh - x3) - s1 * hhh, p), (P[2] * Q[2] * h) % p];
}
/** u·G + v·Q (Shamir's trick), affine x or null at infinity. */
function sm2Combination(u, v, qx, qy) {
  const G = [SM2.gx, SM2.gy, 1n];
  const Q = [qx, qy, 1n];
  const GQ = jAdd(G, Q);
  let R = [0n, 1n, 0n];
  for (let i = 255; i >= 0; i--) {
    R = jDouble(R);
    const bu = (u >> BigInt(i)) & 1n;
    const bv = (v >> BigInt(i)) & 1n;
    if (bu && bv) R = jAdd(R, GQ);
    else if (bu) R = jAdd(R, G);
    else if (bv) R = jAdd(R, Q);
  }
  if (R[2] === 0n) return null;
  const zi = invMod(R[2], SM2.p);
  return (R[0] * zi * zi) % SM2.p;
}
/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5). */
export function sm2Za(point65, userId = SM2_DEFAULT_USER_ID) {
  const id = Buffer.from(userId, 'utf8');
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  return createHash('sm3')
    .update(Buffer.concat([entl, id, be32(SM2.a), be32(SM2.b), be32(SM2.gx), be32(SM2.gy), point65.subarray(1, 33), point65.subarray(33, 65)]))
    .digest();
}
/** Strict DER `SEQUENCE { INTEGER r, INTEGER s }` (minimal encodings), or null. */
function derSignature(sig) {
  if (sig.length < 8 || sig[0] !== 0x30 || sig[1] !== sig.length - 2) return null;
  const ints = [];
  let p = 2;
  for (let i = 0; i < 2; i++) {
    if (sig[p] !== 0x02) return null;
    const len = sig[p + 1];
    const v = sig.subarray(p + 2, p + 2 + len);
    if (len === 0 || v.length !== len || v[0] & 0x80 || (len > 1 && v[0] === 0 && !(v[1] & 0x80))) return null;
    ints.push(big(v));
    p += 2 + len;
  }
  return p === sig.length ? ints : null;
}
/** Verifies an SM2 signature (DER) over `message` by the uncompressed point `point65` (GB/T 32918.2 §7.1). */
export function sm2Verify(message, signature, point65, userId = SM2_DEFAULT_USER_ID) {
  const { p, a, b, n } = SM2;
  if (point65.length !== 65 || point65[0] !== 4) return false;
  const qx = big(point65.subarray(1, 33));
  const qy = big(point65.subarray(33));
  if (qx >= p || qy >= p || mod(qy * qy - (qx * qx * qx + a * qx + b), p) !== 0n) return false;
  const rs = derSignature(signature);
  if (!rs) return false;
  const [r, s] = rs;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const e = big(createHash('sm3').update(Buffer.concat([sm2Za(point65, userId), message])).digest());
  const t = (r + s) % n;
  if (t === 0n) return false;
  const x1 = sm2Combination(s, t, qx, qy);
  return x1 !== null && (e + x1) % n === r;
}
const sm2Point = (spkiBase64) => {
  const spki = Buffer.from(String(spkiBase64), 'base64');
  return spki.length === SM2_SPKI_PREFIX.length + 65 && spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX) ? spki.subarray(SM2_SPKI_PREFIX.length) : null;
};

/** Verifies a signature by a published key record (Ed25519 or SM2); false for anything malformed. */
export function verifyByRecord(record, message, signature) {
  try {
    if (record.algorithm === 'SM2') {
      const point = sm2Point(record.publicKey);
      return !!point && sm2Verify(message, signature, point);
    }
    return record.algorithm === 'Ed25519' && verifySignature(null, message, ed25519Key(record.publicKey), signature);
  } catch {
    return false;
  }
}

/** The published key that signed a checkpoint note (C2SP signed-note, Ed25519 or SM2), or null. */
export function checkpointSigner(note, keys) {
  const split = note.indexOf('\n\n');
  if (split < 0) return null;
  const body = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n').filter(Boolean)) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) continue;
    const blob = Buffer.from(m[2], 'base64');
    for (const k of keys) {
      // <name>+<hash>+<base64 key>: the key's base64 may itself contain '+', so split at the first two only.
      const vkey = String(k.noteVerifierKey ?? '');
      const a = vkey.indexOf('+');
      const b = vkey.indexOf('+', a + 1);
      if (a < 0 || b < 0 || vkey.slice(0, a) !== m[1]) continue;
      const typed = Buffer.from(vkey.slice(b + 1), 'base64');
      // The type prefix: 0x01 for Ed25519, 0xff 'SM2-SM3' for SM2; the rest must be the record's own key.
      const typeLength = k.algorithm === 'SM2' ? SM2_NOTE_TYPE.length : 1;
      const type = typed.subarray(0, typeLength);
      const raw = typed.subarray(typeLength);
      if (k.algorithm === 'SM2' ? !type.equals(SM2_NOTE_TYPE) || !raw.equals(sm2Point(k.publicKey) ?? Buffer.alloc(0)) : type[0] !== 1) continue;
      const keyHash = sha256Buf(Buffer.from(`${m[1]}\n`, 'utf8'), type, raw).subarray(0, 4);
      if (!blob.subarray(0, 4).equals(keyHash) || vkey.slice(a + 1, b) !== keyHash.toString('hex')) continue;
      if (verifyByRecord(k, Buffer.from(body, 'utf8'), blob.subarray(4))) return k;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks.

const PAYLOAD_FORMATS = {
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  tif: (b) => b.subarray(0, 4).equals(Buffer.from('II*\0', 'latin1')) || b.subarray(0, 4).equals(Buffer.from('MM\0*', 'latin1')),
  json: () => true,
  jsonl: () => true,
};
const ACTIVE_PDF_NAMES = ['/JavaScript', '/JS', '/Launch', '/EmbeddedFile', '/RichMedia', '/SubmitForm', '/ImportData'];
const EVIDENCE_ITEMS = ['收到时间', '申请内容', '答复内容', '答复依据', '答复时间'];
const REQUIRED_BAG_INFO = ['Source-Organization', 'Bagging-Date', 'External-Identifier', 'Payload-Oxum'];
const TAG_MANIFESTS = ['tagmanifest-sha256.txt', 'tagmanifest-sm3.txt'];
const ALGORITHMS = ['sha256', 'sm3'];

/** PDF streams, inflated where they are FlateDecode (what a reader would draw or run). */
function pdfStreams(pdf) {
  const text = pdf.toString('latin1');
  const out = [];
  const re = /<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>|<[^<>]*>)*)>>\s*stream\r?\n/g;
  let m;
  while ((m = re.exec(text))) {
    const dict = m[1];
    const start = m.index + m[0].length;
    const lengthMatch = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let end = lengthMatch ? start + Number(lengthMatch[1]) : text.indexOf('endstream', start);
    if (end < start || end > text.length) end = text.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    let data = raw;
    if (/\/FlateDecode/.test(dict)) {
      try {
        data = inflateSync(raw);
      } catch {
        data = null;
      }
    }
    out.push({ dict, data });
    re.lastIndex = end;
  }
  return out;
}

/** What a PDF needs to be archival here: it opens (header, xref, EOF), is not encrypted, has no active content. */
function inspectPdf(pdf) {
  const text = pdf.toString('latin1');
  const tail = text.slice(-1024);
  const opens = /^%PDF-1\.[0-7]|^%PDF-2\.0/.test(text) && /startxref\s+\d+\s+%%EOF\s*$/.test(tail);
  const streams = opens ? pdfStreams(pdf) : [];
  const broken = streams.some((s) => s.data === null);
  const hasText = streams.some((s) => s.data && /\bBT\b[\s\S]*?(Tj|TJ|'|")[\s\S]*?\bET\b/.test(s.data.toString('latin1')));
  const everything = [text, ...streams.filter((s) => s.data).map((s) => s.data.toString('latin1'))].join('\n');
  const active = ACTIVE_PDF_NAMES.filter((n) => new RegExp(`${n.replace('/', '\\/')}(?![A-Za-z])`).test(everything));
  // PDF/A identification (ISO 19005): the XMP pdfaid entries (the metadata stream is written uncompressed, as
  // PDF/A requires) and an output intent with an embedded ICC profile.
  const part = /<pdfaid:part>\s*(\d)\s*<\/pdfaid:part>/.exec(text)?.[1];
  const conformance = /<pdfaid:conformance>\s*([ABU])\s*<\/pdfaid:conformance>/i.exec(text)?.[1];
  const outputIntent = /\/S\s*\/GTS_PDFA1[\s\S]{0,300}?\/DestOutputProfile\s+\d+\s+0\s+R|\/DestOutputProfile\s+\d+\s+0\s+R[\s\S]{0,300}?\/S\s*\/GTS_PDFA1/.test(text);
  const pdfa = part && conformance && outputIntent ? `PDF/A-${part}${conformance.toLowerCase()}` : null;
  return { opens: opens && !broken, hasText, encrypted: /\/Encrypt(?![A-Za-z])/.test(text), active, pdfa };
}

const isExecutable = (b) =>
  (b[0] === 0x4d && b[1] === 0x5a) || b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) || (b[0] === 0x23 && b[1] === 0x21) || b.subarray(0, 4).equals(Buffer.from([0xca, 0xfe, 0xba, 0xbe]));

function parseManifest(buf, name) {
  const text = buf.toString('utf8');
  const entries = new Map();
  if (text.length > 0 && !text.endsWith('\n')) return { error: `${name} 格式错误（末行无换行）` };
  const lines = text.split('\n').slice(0, -1);
  for (const [i, line] of lines.entries()) {
    const m = /^([0-9a-f]+) {2}(\S+)$/.exec(line);
    if (!m) return { error: `${name} 第${i + 1}行格式错误` };
    if (entries.has(m[2])) return { error: `${name} 重复列出 ${m[2]}` };
    entries.set(m[2], m[1]);
  }
  return { entries };
}

/**
 * Verifies a bundle; returns the report (checks in DA/T 70 order, each with its outcome and details) and the first
 * broken link. `trustedKeys`: public keys (records as /api/v1/archive/keys serves them) the signer must be among.
 */
export function verifyBundle(zipBytes, { trustedKeys } = {}) {
  const checks = [];
  const add = (id, property, title, problems, notes = []) => checks.push({ id, property, title, ok: problems.length === 0, problems, notes });
  let files;
  try {
    files = readZip(zipBytes);
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    add('1-14', '真实性', '证据包自封装以来未被改动（ZIP结构逐字节核对）', [e.message]);
    return finish(checks, null);
  }
  add('1-14', '真实性', '证据包自封装以来未被改动（ZIP结构逐字节核对）', []);

  const get = (name) => files.get(name);
  const utf8 = (name) => {
    const b = get(name);
    if (!b) return null;
    const s = b.toString('utf8');
    return Buffer.from(s, 'utf8').equals(b) ? s : null;
  };
  const parseJson = (name) => {
    try {
      const s = utf8(name);
      return s === null ? null : JSON.parse(s);
    } catch {
      return null;
    }
  };
  const payloadNames = [...files.keys()].filter((n) => n.startsWith('data/')).sort();
  const tagNames = [...files.keys()].filter((n) => !n.startsWith('data/'));

  // --- 3-1 metadata parses
  const parseProblems = [];
  const bagitTxt = utf8('bagit.txt');
  if (bagitTxt !== 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') parseProblems.push('bagit.txt 缺失或不是 BagIt 1.0 声明');
  const bagInfo = new Map();
  const bagInfoTxt = utf8('bag-info.txt');
  if (bagInfoTxt === null) parseProblems.push('bag-info.txt 缺失或不是UTF-8');
  else {
    for (const line of bagInfoTxt.split('\n').slice(0, -1)) {
      const m = /^([^:\s][^:]*): (.*)$/.exec(line);
      if (!m) parseProblems.push(`bag-info.txt 格式错误：${line.slice(0, 40)}`);
      else bagInfo.set(m[1], m[2]);
    }
  }
  const caseJson = parseJson('data/case.json');
  if (!caseJson || typeof caseJson !== 'object') parseProblems.push('data/case.json 缺失或无法解析');
  const events = [];
  const eventsTxt = utf8('data/events.jsonl');
  if (eventsTxt === null || !eventsTxt.endsWith('\n')) parseProblems.push('data/events.jsonl 缺失或格式错误');
  else {
    for (const [i, line] of eventsTxt.split('\n').slice(0, -1).entries()) {
      try {
        const e = JSON.parse(line);
        if (canonicalize(e) !== line) parseProblems.push(`data/events.jsonl 第${i + 1}行不是规范JSON（RFC 8785）`);
        events.push(e);
      } catch {
        parseProblems.push(`data/events.jsonl 第${i + 1}行无法解析`);
      }
    }
  }
  const keysJson = parseJson('archive-keys.json');
  const keys = Array.isArray(keysJson?.keys) ? keysJson.keys : [];
  if (!keys.length) parseProblems.push('archive-keys.json 缺失或没有公钥');
  const proof = parseJson('ledger-proof.json');
  if (!proof) parseProblems.push('ledger-proof.json 缺失或无法解析');
  const signatureTxt = utf8('signature.json');
  let signature = null;
  try {
    signature = signatureTxt ? JSON.parse(signatureTxt) : null;
  } catch {
    signature = null;
  }
  if (!signature || typeof signature !== 'object') parseProblems.push('signature.json 缺失或无法解析');

  // --- 1-1 manifests, tag manifests, signature
  const manifestProblems = Object.fromEntries(ALGORITHMS.map((a) => [a, []]));
  const manifests = {};
  for (const alg of ALGORITHMS) {
    const name = `manifest-${alg}.txt`;
    const buf = get(name);
    if (!buf) {
      manifestProblems[alg].push(`${name} 缺失`);
      continue;
    }
    const parsed = parseManifest(buf, name);
    if (parsed.error) {
      manifestProblems[alg].push(parsed.error);
      continue;
    }
    manifests[alg] = parsed.entries;
    for (const [path, digest] of parsed.entries) {
      const data = get(path);
      if (!path.startsWith('data/')) manifestProblems[alg].push(`${name} 列出了 data/ 以外的文件 ${path}`);
      else if (!data) manifestProblems[alg].push(`${name} 列出的文件缺失：${path}`);
      else if (hex(alg, data) !== digest) manifestProblems[alg].push(`${path} 的 ${alg.toUpperCase()} 摘要与清单不符（内容被改动）`);
    }
  }
  add('1-1', '真实性', '载荷清单 SHA-256 摘要（manifest-sha256.txt）', manifestProblems.sha256);
  add('1-1', '真实性', '载荷清单 SM3 摘要（manifest-sm3.txt，GB/T 32905）', manifestProblems.sm3);

  const tagProblems = [];
  const covered = new Set();
  for (const name of TAG_MANIFESTS) {
    const alg = name.slice('tagmanifest-'.length, -4);
    const buf = get(name);
    if (!buf) {
      tagProblems.push(`${name} 缺失`);
      continue;
    }
    const parsed = parseManifest(buf, name);
    if (parsed.error) {
      tagProblems.push(parsed.error);
      continue;
    }
    for (const [path, digest] of parsed.entries) {
      covered.add(path);
      const data = get(path);
      if (path.startsWith('data/') || TAG_MANIFESTS.includes(path) || path === 'signature.json') tagProblems.push(`${name} 列出了不应列出的文件 ${path}`);
      else if (!data) tagProblems.push(`${name} 列出的文件缺失：${path}`);
      else if (hex(alg, data) !== digest) tagProblems.push(`标签文件 ${path} 的 ${alg.toUpperCase()} 摘要与标签清单不符`);
    }
  }
  add('1-1', '真实性', '标签清单摘要（tagmanifest-sha256.txt、tagmanifest-sm3.txt）', tagProblems);

  const sigProblems = [];
  const sigNotes = [];
  let signer = null;
  if (signature) {
    const canonical = `${JSON.stringify({ algorithm: signature.algorithm, keyId: signature.keyId, signedAt: signature.signedAt, signedFiles: signature.signedFiles, signature: signature.signature })}\n`;
    if (canonical !== signatureTxt) sigProblems.push('signature.json 含有多余或被改动的内容');
    if (signature.algorithm !== 'Ed25519' && signature.algorithm !== 'SM2') sigProblems.push(`不支持的签名算法 ${signature.algorithm}`);
    if (JSON.stringify(signature.signedFiles) !== JSON.stringify(TAG_MANIFESTS)) sigProblems.push('签名覆盖的文件不是两份标签清单');
    signer = keys.find((k) => k.keyId === signature.keyId && k.algorithm === signature.algorithm && keyIdOf(k) === k.keyId) ?? null;
    if (!signer) sigProblems.push(`签名公钥 ${signature.keyId} 不在证据包的公钥列表中`);
    else if (trustedKeys && !trustedKeys.some((k) => k.publicKey === signer.publicKey)) sigProblems.push(`签名公钥 ${signer.keyId} 不是所指定的可信公钥`);
    const tm = TAG_MANIFESTS.map((n) => get(n));
    if (signer && tm.every(Boolean)) {
      const message = `gongkai-bag-signature/v1\n${hex('sha256', tm[0])}  tagmanifest-sha256.txt\n${hex('sm3', tm[1])}  tagmanifest-sm3.txt\n`;
      const valid = verifyByRecord(signer, Buffer.from(message, 'utf8'), Buffer.from(String(signature.signature), 'base64'));
      if (!valid) sigProblems.push(`标签清单的 ${signer.algorithm} 签名验证失败`);
      else sigNotes.push(`签名公钥 ${signer.keyId}${trustedKeys ? '（属于指定的可信公钥）' : '（取自证据包本身；可用 --keys 指定从 /api/v1/archive/keys 取得的公钥）'}`);
    }
  } else sigProblems.push('没有签名');
  add('1-1', '真实性', `电子签名（${signature?.algorithm === 'SM2' ? 'SM2/SM3' : 'Ed25519'}，覆盖两份标签清单）`, sigProblems, sigNotes);

  // --- 1-1 event chain, 2-5 / 2-6 processing history complete, no gaps
  const chainProblems = [];
  const historyProblems = [];
  let prev = null;
  events.forEach((e, i) => {
    const label = `事件第${i + 1}行（seq ${e.seq}，${e.type}）`;
    if (e.seq !== i + 1) historyProblems.push(`${label}：序号应为${i + 1}（事件缺失、增加或顺序被打乱）`);
    if (e.prevHash !== prev) chainProblems.push(`${label}：与上一事件的链接断开（prevHash 不符）`);
    if (eventHash(e) !== e.hash) chainProblems.push(`${label}：哈希与内容不符（事件被改动）`);
    if (caseJson && e.caseId !== caseJson.caseId) chainProblems.push(`${label}：不属于本案`);
    prev = e.hash;
  });
  if (!events.length) historyProblems.push('没有办理事件');
  if (caseJson?.events) {
    if (caseJson.events.count !== events.length) historyProblems.push(`案卷元数据记载${caseJson.events.count}条事件，实有${events.length}条`);
    if (caseJson.events.headHash !== prev) historyProblems.push('最后一条事件的哈希与案卷元数据记载的不符（记录被截断或追加）');
  }
  add('1-1', '真实性', '事件哈希链（SHA-256，RFC 8785 规范JSON）', chainProblems);

  // --- 1-1 documents against the events that issued them
  const docProblems = [];
  const docNotes = [];
  const docs = Array.isArray(caseJson?.documents) ? caseJson.documents : [];
  const refs = new Map();
  for (const e of events) {
    const p = e.payload ?? {};
    const list = [...(p.document && typeof p.document === 'object' ? [p.document] : []), ...(Array.isArray(p.documents) ? p.documents : [])];
    for (const r of list) if (typeof r?.id === 'string') refs.set(r.id, { seq: e.seq, sha256: r.sha256 });
  }
  for (const d of docs) {
    const data = get(d.file);
    const ref = refs.get(d.id);
    if (ref && ref.sha256 !== d.sha256) docProblems.push(`${d.file}（${d.documentNumber}）的哈希与签发它的第${ref.seq}条事件不符`);
    if (ref && data && hex('sha256', data) !== ref.sha256) docProblems.push(`${d.file}（${d.documentNumber}）的内容与签发它的第${ref.seq}条事件记录的哈希不符`);
    if (!ref) {
      if (d.kind === 'RECEIPT') docNotes.push(`${d.file}（接收回执）随登记一并出具，未单独记录签发事件`);
      else docProblems.push(`${d.file}（${d.documentNumber}）没有签发它的事件`);
    }
  }
  for (const [id, ref] of refs) if (!docs.some((d) => d.id === id)) docProblems.push(`第${ref.seq}条事件签发的文书（${id}）不在证据包中`);
  add('1-1', '真实性', '文书哈希与签发事件一致', docProblems, docNotes);

  // --- 1-10 file facts equal the metadata; 1-11 every path in the metadata resolves
  const factProblems = [];
  const registered = [...docs, ...(Array.isArray(caseJson?.attachments) ? caseJson.attachments : [])];
  for (const f of registered) {
    const data = get(f.file);
    if (!data) continue;
    if (data.length !== f.byteSize) factProblems.push(`${f.file} 的大小（${data.length}）与元数据（${f.byteSize}）不符`);
    if (hex('sha256', data) !== f.sha256) factProblems.push(`${f.file} 的 SHA-256 与元数据不符`);
  }
  add('1-10', '真实性', '文件大小、摘要与元数据一致', factProblems);
  const pathProblems = [];
  const referenced = new Set([...registered.map((f) => f.file), caseJson?.events?.file, ...(Array.isArray(caseJson?.evidence) ? caseJson.evidence.flatMap((e) => e.files ?? []) : [])].filter(Boolean));
  for (const p of referenced) if (!files.has(p)) pathProblems.push(`元数据引用的文件不存在：${p}`);
  add('1-11', '真实性', '元数据中的每个文件路径都能找到对应文件', pathProblems);

  // --- 1-14 the case as sealed in the agency-wide ledger (inclusion proof against a signed checkpoint)
  const ledgerProblems = [];
  const ledgerNotes = [];
  if (proof) {
    const last = events.at(-1);
    if (!last || proof.leaf?.caseId !== last.caseId || proof.leaf?.seq !== last.seq || proof.leaf?.eventHash !== last.hash) ledgerProblems.push('账本包含证明的叶子不是本案最后一条事件');
    const note = String(proof.checkpoint ?? '');
    const split = note.indexOf('\n\n');
    const body = split >= 0 ? note.slice(0, split + 1) : '';
    const [origin, sizeLine, rootLine] = body.split('\n');
    const root = Buffer.from(rootLine ?? '', 'base64');
    if (!/^\d+$/.test(sizeLine ?? '') || Number(sizeLine) !== proof.treeSize || root.length !== 32) ledgerProblems.push('检查点格式错误或树大小不符');
    else {
      let path;
      try {
        path = (proof.proof ?? []).map((h) => {
          if (!/^[0-9a-f]{64}$/.test(h)) throw new Error('bad hash');
          return Buffer.from(h, 'hex');
        });
      } catch {
        path = null;
      }
      const computed = path && last ? rootFromInclusionProof(proof.leaf.index, proof.treeSize, ledgerLeafHash(last.caseId, last.seq, last.hash), path) : null;
      if (!computed || !computed.equals(root)) ledgerProblems.push('包含证明推算出的根哈希与检查点不符');
      const signedBy = checkpointSigner(note, keys);
      if (!signedBy) ledgerProblems.push('检查点签名验证失败');
      else ledgerNotes.push(`账本 ${origin}：第${proof.leaf.index + 1}片叶子，树大小${proof.treeSize}；检查点由 ${signedBy.keyId} 签名，请与机关外部保存的检查点比对`);
      if (signedBy && trustedKeys && !trustedKeys.some((k) => k.publicKey === signedBy.publicKey)) ledgerProblems.push('检查点签名公钥不是所指定的可信公钥');
    }
  } else ledgerProblems.push('没有账本包含证明');
  add('1-14', '真实性', '本案在全机关账本中的包含证明（RFC 6962）与签名检查点', ledgerProblems, ledgerNotes);

  // --- 2-1/2-2 count and bytes equal the register (Payload-Oxum)
  const oxumProblems = [];
  const bytes = payloadNames.reduce((n, p) => n + files.get(p).length, 0);
  if (bagInfo.get('Payload-Oxum') !== `${bytes}.${payloadNames.length}`) oxumProblems.push(`Payload-Oxum 为 ${bagInfo.get('Payload-Oxum')}，实有 ${bytes}.${payloadNames.length}（字节数.文件数）`);
  add('2-1/2-2', '完整性', '文件数量和总字节数与登记一致（Payload-Oxum）', oxumProblems);

  // --- 2-3/2-4 required metadata present and non-empty
  const metaProblems = [];
  for (const k of REQUIRED_BAG_INFO) if (!bagInfo.get(k)) metaProblems.push(`bag-info.txt 缺少 ${k}`);
  if (caseJson) {
    for (const [k, v] of [
      ['agency.name', caseJson.agency?.name],
      ['trackingNumber', caseJson.trackingNumber],
      ['caseId', caseJson.caseId],
      ['channel', caseJson.channel],
      ['request.description', caseJson.request?.description],
      ['status.code', caseJson.status?.code],
      ['retention.years', caseJson.retention?.years],
    ]) {
      if (v === undefined || v === null || v === '') metaProblems.push(`case.json 缺少 ${k}`);
    }
    if (caseJson.trackingNumber !== bagInfo.get('External-Identifier')) metaProblems.push('case.json 的案件编号与 bag-info.txt 的 External-Identifier 不符');
    const items = Array.isArray(caseJson.evidence) ? caseJson.evidence.map((e) => e.item) : [];
    if (JSON.stringify(items) !== JSON.stringify(EVIDENCE_ITEMS)) metaProblems.push(`五项证据（${EVIDENCE_ITEMS.join('、')}）不全`);
  }
  add('2-3/2-4', '完整性', '必备元数据项齐全且非空', metaProblems);

  add('2-5', '完整性', '办理过程记录完整（事件序号连续、与元数据记载一致）', historyProblems);

  // --- 2-7/2-11 complete: every payload file in every manifest, nothing unlisted, count equals the metadata
  const completeProblems = [];
  for (const alg of ALGORITHMS) {
    if (!manifests[alg]) continue;
    for (const p of payloadNames) if (!manifests[alg].has(p)) completeProblems.push(`未列入 manifest-${alg}.txt 的文件：${p}`);
  }
  const knownTags = new Set(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sm3.txt', 'archive-keys.json', 'ledger-proof.json', ...TAG_MANIFESTS, 'signature.json']);
  for (const t of tagNames) {
    if (!knownTags.has(t)) completeProblems.push(`多余的文件：${t}`);
    else if (!TAG_MANIFESTS.includes(t) && t !== 'signature.json' && !covered.has(t)) completeProblems.push(`标签文件 ${t} 未列入标签清单`);
  }
  const evidenceLists = payloadNames.filter((p) => /^data\/[^/]+-evidence-list\.pdf$/.test(p));
  if (evidenceLists.length !== 1) completeProblems.push('缺少证据目录（data/…-evidence-list.pdf）');
  const expected = registered.length + 3;
  if (caseJson && payloadNames.length !== expected) completeProblems.push(`元数据登记${expected}个文件（文书、附件、案卷元数据、事件记录、证据目录），证据包中有${payloadNames.length}个`);
  for (const p of payloadNames) {
    if (!['data/case.json', 'data/events.jsonl', ...evidenceLists].includes(p) && !registered.some((f) => f.file === p)) completeProblems.push(`元数据未登记的文件：${p}`);
  }
  add('2-7/2-11', '完整性', '内容和附件齐全，文件数与元数据一致，无未列入清单的文件', completeProblems);

  add('3-1', '可用性', '元数据可解析（bagit.txt、bag-info.txt、case.json、events.jsonl、签名与公钥）', parseProblems);

  // --- 3-3 formats; PDFs open and (those the system wrote) have text; 3-8 no encryption; 4-1 no active content
  const formatProblems = [];
  const openProblems = [];
  const cryptProblems = [];
  const activeProblems = [];
  const pdfaNotes = [];
  for (const p of payloadNames) {
    const data = files.get(p);
    const ext = p.split('.').pop();
    const check = PAYLOAD_FORMATS[ext];
    if (!check) formatProblems.push(`${p}：不在允许的归档格式之内（PDF、JPEG、PNG、TIFF、JSON）`);
    else if (!check(data)) formatProblems.push(`${p}：内容与扩展名所示格式不符`);
    if (isExecutable(data)) activeProblems.push(`${p}：可执行文件`);
    if (ext === 'pdf' && check?.(data)) {
      const info = inspectPdf(data);
      const madeBySystem = p.startsWith('data/documents/') || evidenceLists.includes(p);
      if (!info.opens) openProblems.push(`${p}：PDF 无法正常打开（结构损坏）`);
      else if (madeBySystem && !info.hasText) openProblems.push(`${p}：PDF 中没有可提取的文字`);
      if (madeBySystem) pdfaNotes.push(info.pdfa ? `${p}：标识为 ${info.pdfa}（XMP pdfaid、sRGB 输出意图）` : `${p}：无 PDF/A 标识`);
      if (info.encrypted) cryptProblems.push(`${p}：PDF 已加密`);
      for (const a of info.active) activeProblems.push(`${p}：PDF 含有活动内容 ${a}`);
    }
  }
  add('3-3', '可用性', '文件格式属于归档格式（按内容识别）', formatProblems);
  add('3-3', '可用性', 'PDF 可以打开，系统生成的文书含可提取文字', openProblems, pdfaNotes);
  add('3-8', '可用性', '无加密，无专有压缩（ZIP 仅存储或 Deflate）', cryptProblems);
  add('4-1', '安全性', '无可执行文件或活动内容（JavaScript、Launch、嵌入文件等）', activeProblems);
  const keyProblems = [];
  if (signer && signature) {
    const day = String(signature.signedAt ?? '').slice(0, 10);
    if (!(signer.validFrom <= day && day <= signer.validUntil)) keyProblems.push(`签名时间 ${day} 不在公钥有效期（${signer.validFrom} 至 ${signer.validUntil}）内`);
  } else keyProblems.push('无法确定签名公钥');
  add('4-2', '安全性', '归档过程受控：签名公钥在签名之日有效', keyProblems);

  return finish(checks, caseJson);
}

function finish(checks, caseJson) {
  const properties = ['真实性', '完整性', '可用性', '安全性'].map((p) => ({ property: p, ok: checks.filter((c) => c.property === p).every((c) => c.ok) }));
  const firstFailure = checks.find((c) => !c.ok);
  return {
    ok: checks.every((c) => c.ok),
    trackingNumber: caseJson?.trackingNumber ?? null,
    properties,
    checks,
    firstBrokenLink: firstFailure ? `${firstFailure.id} ${firstFailure.title}：${firstFailure.problems[0]}` : null,
  };
}

export function formatReport(result, fileName) {
  const lines = ['四性检测报告（依 DA/T 70-2018 电子文件归档检测项）', `证据包：${fileName}${result.trackingNumber ? `\u3000案件编号：${result.trackingNumber}` : ''}`, ''];
  for (const property of ['真实性', '完整性', '可用性', '安全性']) {
    lines.push(property);
    for (const c of result.checks.filter((x) => x.property === property)) {
      lines.push(`  [${c.ok ? '通过' : '不通过'}] ${c.id} ${c.title}`);
      for (const p of c.problems.slice(0, 20)) lines.push(`        ✗ ${p}`);
      if (c.problems.length > 20) lines.push(`        … 另有${c.problems.length - 20}项`);
      for (const n of c.notes) lines.push(`        · ${n}`);
    }
  }
  lines.push('');
  lines.push(`结论：${result.properties.map((p) => `${p.property}${p.ok ? '通过' : '不通过'}`).join('；')}`);
  if (result.firstBrokenLink) lines.push(`第一个断点：${result.firstBrokenLink}`);
  return `${lines.join('\n')}\n`;
}

async function main(argv) {
  const args = argv.slice(2);
  const json = args.includes('--json');
  const keysAt = args.indexOf('--keys');
  const keysFile = keysAt >= 0 ? args[keysAt + 1] : null;
  const positional = args.filter((a, i) => !a.startsWith('--') && (keysAt < 0 || i !== keysAt + 1));
  if (positional.length !== 1 || (keysAt >= 0 && !keysFile)) {
    process.stderr.write('用法：node verify-bundle.mjs <证据包.zip> [--keys keys.json] [--json]\n');
    return 2;
  }
  let bytes;
  let trustedKeys;
  try {
    bytes = readFileSync(positional[0]);
    if (keysFile) trustedKeys = JSON.parse(readFileSync(keysFile, 'utf8')).keys;
  } catch (e) {
    process.stderr.write(`无法读取：${e.message}\n`);
    return 2;
  }
  const result = verifyBundle(bytes, { trustedKeys });
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result, positional[0]));
  return result.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
