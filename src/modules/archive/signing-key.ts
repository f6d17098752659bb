import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BigInteger } from 'jsbn';
import smCrypto from 'sm-crypto';

/** The signature algorithms an archive key may use (ARCHIVE_SIGNATURE_ALGORITHM). */
export type ArchiveSignatureAlgorithm = 'ed25519' | 'sm2';

/** A published verification key: what `GET /api/v1/archive/keys` lists and each bundle carries. */
export interface PublicKeyRecord {
  keyId: string;
  /**
   * `Ed25519` (RFC 8032), or `SM2`: GB/T 32918.2 (GM/T 0003.2) with SM3, Z_A over the default user id
   * `1234567812345678` (GM/T 0009-2012 第10章), the signature DER-encoded (r, s) as GM/T 0009 specifies.
   */
  algorithm: 'Ed25519' | 'SM2';
  /** SubjectPublicKeyInfo (DER), base64. */
  publicKey: string;
  /**
   * C2SP signed-note verifier key: `<name>+<key hash hex>+<base64(type ‖ key)>`: type 0x01 and the 32-byte key for
   * Ed25519; for SM2 type 0xff (signed-note's byte for unassigned types) followed by the ASCII name `SM2-SM3` and the
   * 65-byte uncompressed point.
   */
  noteVerifierKey: string;
  validFrom: string;
  validUntil: string;
}

/** GM/T 0009-2012: the user id of Z_A when the parties agreed on none. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
/** The signed-note signature type of SM2 keys: 0xff and a name (C2SP signed-note reserves 0xff for such types). */
export const SM2_NOTE_TYPE = Buffer.concat([Buffer.from([0xff]), Buffer.from('SM2-SM3', 'ascii')]);
/** sm-crypto's SM2 functions; its published types omit getPublicKeyFromPrivateKey, which it exports. */
const sm2 = smCrypto.sm2 as typeof smCrypto.sm2 & { getPublicKeyFromPrivateKey(privateKeyHex: string): string };
/** Order n of the SM2 curve's base point (GB/T 32918.5 recommended curve). */
const SM2_N = new BigInteger('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123', 16);

/** One key's primitive: signs and verifies raw messages, names its public key. */
interface Signer {
  algorithm: PublicKeyRecord['algorithm'];
  spki: Buffer;
  /** The public key as the signed-note verifier key encodes it, after the type bytes. */
  noteKey: Buffer;
  noteType: Buffer;
  sign(message: Buffer): Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

function ed25519Signer(privateKey: KeyObject): Signer {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    algorithm: 'Ed25519',
    spki,
    noteKey: spki.subarray(spki.length - 32),
    noteType: Buffer.from([1]),
    sign: (m) => sign(null, m, privateKey),
    verify: (m, s) => verify(null, m, publicKey, s),
  };
}

/**
 * SM2 through sm-crypto (Node's OpenSSL signs SM2-curve keys with ECDSA, not SM2). The per-signature random k comes
 * from Node's CSPRNG, handed to sm-crypto as a precomputed point, not from sm-crypto's RC4-based generator: a
 * biased nonce leaks the private key.
 */
export function sm2Signer(privateKeyHex: string): Signer {
  const publicHex = sm2.getPublicKeyFromPrivateKey(privateKeyHex);
  const raw = Buffer.from(publicHex, 'hex');
  // SubjectPublicKeyInfo: id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301), as OpenSSL writes it.
  const spki = Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'), raw]);
  return {
    algorithm: 'SM2',
    spki,
    noteKey: raw,
    noteType: SM2_NOTE_TYPE,
    sign: (m) => Buffer.from(sm2Sign(m, privateKeyHex, publicHex), 'hex'),
    verify: (m, s) => sm2.doVerifySignature([...m], s.toString('hex'), publicHex, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID }),
  };
}

/** An SM2 signature (DER hex) over `message` with Z_A of the default user id; `nonce` only for test vectors. */
export function sm2Sign(message: Buffer, privateKeyHex: string, publicKeyHex: string, nonce?: string): string {
  const k = nonce ? new BigInteger(nonce, 16) : new BigInteger(randomBytes(48).toString('hex'), 16).mod(SM2_N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  const kG = sm2.getPublicKeyFromPrivateKey(k.toString(16).padStart(64, '0'));
  const point = { k, x1: new BigInteger(kG.slice(2, 66), 16), privateKey: '', publicKey: '' };
  return sm2.doSignature([...message], privateKeyHex, {
    der: true,
    hash: true,
    publicKey: publicKeyHex,
    userId: SM2_DEFAULT_USER_ID,
    // The types name bigi's BigInteger; sm-crypto computes with jsbn's, which this is.
    pointPool: [point as unknown as smCrypto.KeyPairPoint],
  });
}

/** A DER TLV at `at`: tag, the value's bounds. */
function tlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const first = der[at + 1];
  if (first === undefined) throw new Error('truncated');
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  let length = first & 0x80 ? 0 : first;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[at + 2 + i];
  const start = at + 2 + lengthBytes;
  if (start + length > der.length) throw new Error('truncated');
  return { tag: der[at], start, end: start + length };
}

/** id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301): the AlgorithmIdentifier of SM2 keys. */
const SM2_ALGORITHM_ID = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');

/**
 * The 32-byte private scalar of an SM2 PKCS#8 PEM: SEQUENCE { 0, AlgorithmIdentifier, OCTET STRING { ECPrivateKey
 * SEQUENCE { 1, OCTET STRING d, … } } }. Read here, not by node:crypto: Node 20 parses SM2 keys as a key type it
 * cannot export (and aborts the process when asked to).
 */
export function sm2PrivateScalar(pem: string): string {
  const body = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem)?.[1];
  const fail = () => new Error('ARCHIVE_SIGNING_KEY: an SM2 private key (PKCS#8 PEM) is required');
  if (!body) throw fail();
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  try {
    const outer = tlv(der, 0);
    const version = tlv(der, outer.start);
    const algorithm = tlv(der, version.end);
    if (outer.tag !== 0x30 || version.tag !== 0x02 || !der.subarray(version.end, algorithm.end).equals(SM2_ALGORITHM_ID)) throw fail();
    const octets = tlv(der, algorithm.end);
    const ecKey = tlv(der, octets.start);
    const ecVersion = tlv(der, ecKey.start);
    const scalar = tlv(der, ecVersion.end);
    if (octets.tag !== 0x04 || ecKey.tag !== 0x30 || scalar.tag !== 0x04 || scalar.end - scalar.start !== 32) throw fail();
    return der.subarray(scalar.start, scalar.end).toString('hex');
  } catch {
    throw fail();
  }
}

/**
 * The deployment's signing key: signs the tag manifests of evidence bundles (so a bundle proves which system made
 * it) and the ledger's checkpoints. Ed25519 by default, SM2 when ARCHIVE_SIGNATURE_ALGORITHM=sm2 (商用密码: GB/T
 * 32918). Generated once per data directory like the JWT secret, or given as a PKCS#8 PEM (ARCHIVE_SIGNING_KEY) with
 * the day it came into use; valid for a number of years after that day.
 */
export class ArchiveSigningKey {
  readonly record: PublicKeyRecord;

  private constructor(
    private readonly signer: Signer,
    readonly origin: string,
    validFrom: string,
    validYears: number,
  ) {
    const until = `${Number(validFrom.slice(0, 4)) + validYears}${validFrom.slice(4)}`;
    this.record = {
      keyId: keyIdOf(signer.spki, signer.algorithm),
      algorithm: signer.algorithm,
      publicKey: signer.spki.toString('base64'),
      noteVerifierKey: `${origin}+${this.noteKeyHash().toString('hex')}+${Buffer.concat([signer.noteType, signer.noteKey]).toString('base64')}`,
      validFrom,
      validUntil: until,
    };
  }

  get algorithm(): PublicKeyRecord['algorithm'] {
    return this.signer.algorithm;
  }

  static fromPem(pem: string, origin: string, validFrom: string, validYears: number, algorithm: ArchiveSignatureAlgorithm = 'ed25519'): ArchiveSigningKey {
    if (algorithm === 'sm2') return new ArchiveSigningKey(sm2Signer(sm2PrivateScalar(pem)), origin, validFrom, validYears);
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('ARCHIVE_SIGNING_KEY: an Ed25519 private key (PKCS#8 PEM) is required');
    return new ArchiveSigningKey(ed25519Signer(key), origin, validFrom, validYears);
  }

  /**
   * Loads `$DATA_DIR/archive-signing-key.json` (Ed25519) or `archive-signing-key-sm2.json`, generating it (mode 0600)
   * on first use; switching the algorithm keeps the other key's file.
   */
  static fromDataDir(dataDir: string, origin: string, today: string, validYears: number, algorithm: ArchiveSignatureAlgorithm = 'ed25519'): ArchiveSigningKey {
    const file = path.join(dataDir, algorithm === 'sm2' ? 'archive-signing-key-sm2.json' : 'archive-signing-key.json');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const { privateKey } = algorithm === 'sm2' ? generateKeyPairSync('ec', { namedCurve: 'SM2' }) : generateKeyPairSync('ed25519');
      const stored = { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), validFrom: today };
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
    }
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { privateKeyPem: string; validFrom: string };
    return ArchiveSigningKey.fromPem(stored.privateKeyPem, origin, stored.validFrom, validYears, algorithm);
  }

  sign(message: Buffer | string): Buffer {
    return this.signer.sign(Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'));
  }

  verify(message: Buffer | string, signature: Buffer): boolean {
    return this.signer.verify(Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'), signature);
  }

  /** C2SP signed-note: key hash = first 4 bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key). */
  noteKeyHash(): Buffer {
    return createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${this.origin}\n`, 'utf8'), this.signer.noteType, this.signer.noteKey]))
      .digest()
      .subarray(0, 4);
  }

  /** A signed note (C2SP signed-note): the text, a blank line, then `— <name> <base64(key hash ‖ signature)>`. */
  signNote(text: string): string {
    if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
    const sig = Buffer.concat([this.noteKeyHash(), this.sign(text)]);
    return `${text}\n\u2014 ${this.origin} ${sig.toString('base64')}\n`;
  }
}

/** A stable id of a public key: `ed25519:` or `sm2:` and the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo. */
export function keyIdOf(spki: Buffer, algorithm: PublicKeyRecord['algorithm'] = 'Ed25519'): string {
  return `${algorithm.toLowerCase()}:${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
}
