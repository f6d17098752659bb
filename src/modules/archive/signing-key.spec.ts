import { generateKeyPairSync } from 'node:crypto';
import { checkpointSigner } from '../../../scripts/verify-bundle.mjs';
import { checkpointBody, parseCheckpoint } from './ledger.js';
import { leafHash } from './merkle.js';
import { ArchiveSigningKey } from './signing-key.js';

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
