import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A published verification key: what `GET /api/v1/archive/keys` lists and each bundle carries. */
export interface PublicKeyRecord {
  keyId: string;
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo (DER), base64. */
  publicKey: string;
  /** C2SP signed-note verifier key: `<name>+<key hash hex>+<base64(0x01 ‖ key)>`. */
  noteVerifierKey: string;
  validFrom: string;
  validUntil: string;
}

/**
 * The deployment's Ed25519 key: signs the tag manifests of evidence bundles (so a bundle proves which system made
 * it) and the ledger's checkpoints. Generated once per data directory like the JWT secret, or given as a PKCS#8 PEM
 * (ARCHIVE_SIGNING_KEY) with the day it came into use; valid for a number of years after that day.
 */
export class ArchiveSigningKey {
  readonly record: PublicKeyRecord;
  private readonly raw: Buffer;

  private constructor(
    private readonly privateKey: KeyObject,
    readonly origin: string,
    validFrom: string,
    validYears: number,
  ) {
    const publicKey = createPublicKey(privateKey);
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    this.raw = spki.subarray(spki.length - 32);
    const until = `${Number(validFrom.slice(0, 4)) + validYears}${validFrom.slice(4)}`;
    this.record = {
      keyId: keyIdOf(spki),
      algorithm: 'Ed25519',
      publicKey: spki.toString('base64'),
      noteVerifierKey: `${origin}+${this.noteKeyHash().toString('hex')}+${Buffer.concat([Buffer.from([1]), this.raw]).toString('base64')}`,
      validFrom,
      validUntil: until,
    };
  }

  static fromPem(pem: string, origin: string, validFrom: string, validYears: number): ArchiveSigningKey {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('ARCHIVE_SIGNING_KEY: an Ed25519 private key (PKCS#8 PEM) is required');
    return new ArchiveSigningKey(key, origin, validFrom, validYears);
  }

  /** Loads `$DATA_DIR/archive-signing-key.json`, generating it (mode 0600) on first use. */
  static fromDataDir(dataDir: string, origin: string, today: string, validYears: number): ArchiveSigningKey {
    const file = path.join(dataDir, 'archive-signing-key.json');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      const stored = { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), validFrom: today };
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
    }
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { privateKeyPem: string; validFrom: string };
    return ArchiveSigningKey.fromPem(stored.privateKeyPem, origin, stored.validFrom, validYears);
  }

  sign(message: Buffer | string): Buffer {
    return sign(null, Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'), this.privateKey);
  }

  verify(message: Buffer | string, signature: Buffer): boolean {
    return verify(null, Buffer.isBuffer(message) ? message : Buffer.from(message, 'utf8'), createPublicKey(this.privateKey), signature);
  }

  /** C2SP signed-note: key hash = first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
  noteKeyHash(): Buffer {
    return createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${this.origin}\n`, 'utf8'), Buffer.from([1]), this.raw]))
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

/** A stable id of a public key: `ed25519:` and the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo. */
export function keyIdOf(spki: Buffer): string {
  return `ed25519:${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`;
}
