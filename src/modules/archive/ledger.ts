import { leafHash } from './merkle.js';

// The ledger's leaf and checkpoint formats (pure), replicated in scripts/verify-bundle.mjs.

/** What a ledger leaf commits to: the case, the event's sequence number and its hash (the case's new head). */
export const ledgerLeafData = (caseId: string, seq: number, eventHash: string): string => `gongkai-ledger-leaf/v1\n${caseId}\n${seq}\n${eventHash}\n`;

export const ledgerLeafHash = (caseId: string, seq: number, eventHash: string): Buffer => leafHash(ledgerLeafData(caseId, seq, eventHash));

/** C2SP tlog-checkpoint body: origin, tree size (decimal), root hash (base64), each on its own line. */
export const checkpointBody = (origin: string, treeSize: number, root: Buffer): string => `${origin}\n${treeSize}\n${root.toString('base64')}\n`;

export interface ParsedCheckpoint {
  origin: string;
  treeSize: number;
  root: Buffer;
  body: string;
  signatures: { name: string; blob: Buffer }[];
}

/** Parses a signed checkpoint note; null when it is not one. */
export function parseCheckpoint(note: string): ParsedCheckpoint | null {
  const split = note.indexOf('\n\n');
  if (split < 0) return null;
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  if (lines.length < 4 || !/^[1-9]\d*$|^0$/.test(lines[1]) || !/^[A-Za-z0-9+/]{43}=$/.test(lines[2])) return null;
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(l));
  if (signatures.some((m) => !m) || signatures.length === 0) return null;
  return {
    origin: lines[0],
    treeSize: Number(lines[1]),
    root: Buffer.from(lines[2], 'base64'),
    body,
    signatures: signatures.map((m) => ({ name: m![1], blob: Buffer.from(m![2], 'base64') })),
  };
}
