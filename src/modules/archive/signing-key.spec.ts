import { createHash, generateKeyPairSync } from 'node:crypto';
import { checkpointSigner, sm2Verify, sm2Za, verifyByRecord } from '../../../scripts/verify-bundle.mjs';
import { checkpointBody, parseCheckpoint } from './ledger.js';
import { leafHash } from './merkle.js';
import { ArchiveSigningKey, sm2Sign, sm2Signer } from './signing-key.js';

const keyWith = (pred: (k: ArchiveSigningKey) => boolean): ArchiveSigningKey => {
  for (;;) {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const key = ArchiveSigningKey.fromPem(pem, 'gongkai.example/archive-log', '2026-01-01', 10);
    if (pred(key)) return key;
  }
};

describe('archive signing key and checkpoints', () => {
  it('should sign a C2SP checkpoint that the offline verifier accepts, also when the key in base64 contains "+"', () => {
    // A verifier key such as `name+hash+AVg+2D4…` must be split at its first two '+' only.
    const key = keyWith((k) => k.record.noteVerifierKey.split('+').length > 3);
    const note = key.signNote(checkpointBody(key.origin, 5, leafHash('x')));
    expect(parseCheckpoint(note)).toMatchObject({ origin: 'gongkai.example/archive-log', treeSize: 5 });
    expect(checkpointSigner(note, [key.record])?.keyId).toBe(key.record.keyId);
    expect(checkpointSigner(note.replace('\n5\n', '\n6\n'), [key.record])).toBeNull();
    const other = keyWith(() => true);
    expect(checkpointSigner(note, [other.record])).toBeNull();
  });

  it('should publish a validity period and a key id derived from the public key', () => {
    const key = keyWith(() => true);
    expect(key.record).toMatchObject({ algorithm: 'Ed25519', validFrom: '2026-01-01', validUntil: '2036-01-01', keyId: expect.stringMatching(/^ed25519:[0-9a-f]{16}$/) });
    expect(key.verify('m', key.sign('m'))).toBe(true);
  });
});

/**
 * GM/T 0003.5-2012 附录A (the SM2 example on the recommended curve, also OpenSSL's sm2_internal_test): private key
 * d_A, user id 1234567812345678, message "message digest", random k, and the expected Z_A, e, r, s.
 */
const GMT = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  publicKey: '04' + '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020' + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  message: 'message digest',
  za: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
  e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const derOf = (r: string, s: string): Buffer => {
  const int = (h: string) => {
    const b = Buffer.from(h, 'hex');
    const v = b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    return Buffer.concat([Buffer.from([2, v.length]), v]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
};

describe('SM2 signatures (GM/T 0003.5 example)', () => {
  const point = Buffer.from(GMT.publicKey, 'hex');
  const message = Buffer.from(GMT.message, 'utf8');
  const expected = derOf(GMT.r, GMT.s);

  it('should derive the example public key and Z_A, e of the default user id', () => {
    expect(sm2Signer(GMT.d.toLowerCase()).noteKey.toString('hex').toUpperCase()).toBe(GMT.publicKey);
    const za = sm2Za(point);
    expect(za.toString('hex').toUpperCase()).toBe(GMT.za);
    expect(createHash('sm3').update(Buffer.concat([za, message])).digest('hex').toUpperCase()).toBe(GMT.e);
  });

  it('should sign the example message with the example k to exactly (r, s)', () => {
    expect(sm2Sign(message, GMT.d.toLowerCase(), GMT.publicKey.toLowerCase(), GMT.k).toUpperCase()).toBe(expected.toString('hex').toUpperCase());
  });

  it('should verify the example signature with the library and with the offline verifier, and reject any change', () => {
    expect(sm2Signer(GMT.d.toLowerCase()).verify(message, expected)).toBe(true);
    expect(sm2Verify(message, expected, point)).toBe(true);
    expect(sm2Verify(Buffer.from('message digesT'), expected, point)).toBe(false);
    const flipped = Buffer.from(expected);
    flipped[flipped.length - 1] ^= 1;
    expect(sm2Verify(message, flipped, point)).toBe(false);
    expect(sm2Signer(GMT.d.toLowerCase()).verify(message, flipped)).toBe(false);
    expect(sm2Verify(message, expected, point, 'ALICE123@YAHOO.COM')).toBe(false);
  });

  it('should sign bundles and checkpoints with an SM2 key (random k) that the offline verifier accepts', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const key = ArchiveSigningKey.fromPem(pem, 'gongkai.example/archive-log', '2026-01-01', 10, 'sm2');
    expect(key.record).toMatchObject({ algorithm: 'SM2', validUntil: '2036-01-01', keyId: expect.stringMatching(/^sm2:[0-9a-f]{16}$/) });
    const a = key.sign('m');
    expect(a.equals(key.sign('m'))).toBe(false); // a fresh k each time
    expect(verifyByRecord(key.record, Buffer.from('m'), a)).toBe(true);
    expect(verifyByRecord(key.record, Buffer.from('n'), a)).toBe(false);
    const note = key.signNote(checkpointBody(key.origin, 5, leafHash('x')));
    expect(checkpointSigner(note, [key.record])?.keyId).toBe(key.record.keyId);
    expect(checkpointSigner(note.replace('\n5\n', '\n6\n'), [key.record])).toBeNull();
    expect(() => ArchiveSigningKey.fromPem(pem, 'o', '2026-01-01', 10, 'ed25519')).toThrow(/Ed25519/);
  });
});
