import { createHash } from 'node:crypto';

// RFC 6962 section 2.1 Merkle Tree Hash with domain separation: leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r).
// A tree of n leaves splits at k, the largest power of two below n. The same functions are replicated in the
// standalone verifier (scripts/verify-bundle.mjs), so a bundle's inclusion proof can be checked offline.

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const leafHash = (data: Buffer | string): Buffer => sha256(Buffer.from([0]), Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'));
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

/** The largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (already H(0x00‖d)); the empty tree hashes to SHA-256 of nothing. */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  // Bottom-up with the RFC 6962 shape: pair left to right and carry an odd last node up unchanged. For a tree of n
  // leaves this gives the same root as the recursive definition (the right subtree is the incomplete one).
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** The audit path (RFC 6962 section 2.1.1 PATH(m, D[n])) of leaf `index` in a tree of `leaves`, nearest sibling first. */
export function inclusionProof(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} outside a tree of ${leaves.length}`);
  const path = (m: number, d: readonly Buffer[]): Buffer[] => {
    if (d.length <= 1) return [];
    const k = splitPoint(d.length);
    return m < k ? [...path(m, d.slice(0, k)), merkleRoot(d.slice(k))] : [...path(m - k, d.slice(k)), merkleRoot(d.slice(0, k))];
  };
  return path(index, leaves);
}

/** RFC 9162 section 2.1.3.2: recomputes the root from a leaf hash and its audit path. */
export function rootFromInclusionProof(index: number, treeSize: number, leaf: Buffer, proof: readonly Buffer[]): Buffer | null {
  if (index < 0 || index >= treeSize) return null;
  let fn = index;
  let sn = treeSize - 1;
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
