import { inclusionProof, leafHash, merkleRoot, nodeHash, rootFromInclusionProof } from './merkle.js';

/** The recursive definition of RFC 6962 section 2.1, as written there, to check the bottom-up implementation against. */
function mth(d: Buffer[]): Buffer {
  if (d.length === 1) return d[0];
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}

describe('RFC 6962 Merkle tree', () => {
  const leaves = Array.from({ length: 23 }, (_, i) => leafHash(`leaf ${i}`));

  it('should hash leaves and nodes with the 0x00 / 0x01 prefixes (RFC 6962 test vector for the empty leaf)', () => {
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('should compute the same root as the recursive definition for every size', () => {
    for (let n = 1; n <= leaves.length; n++) expect(merkleRoot(leaves.slice(0, n)).equals(mth(leaves.slice(0, n)))).toBe(true);
  });

  it('should prove every leaf of every tree size and reject a proof for another index or a changed leaf', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, tree);
        expect(rootFromInclusionProof(i, n, tree[i], proof)?.equals(root)).toBe(true);
        expect(rootFromInclusionProof(i, n, leafHash('other'), proof)?.equals(root) ?? false).toBe(false);
        if (n > 1) expect(rootFromInclusionProof((i + 1) % n, n, tree[i], proof)?.equals(root) ?? false).toBe(false);
      }
    }
  });
});
