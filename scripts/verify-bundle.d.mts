// Types of the standalone verifier (scripts/verify-bundle.mjs) for the tests and the bench.

export interface BundleCheck {
  id: string;
  property: '真实性' | '完整性' | '可用性' | '安全性';
  title: string;
  ok: boolean;
  problems: string[];
  notes: string[];
}

export interface BundleVerification {
  ok: boolean;
  trackingNumber: string | null;
  properties: { property: string; ok: boolean }[];
  checks: BundleCheck[];
  firstBrokenLink: string | null;
}

export interface PublishedKey {
  keyId: string;
  algorithm: 'Ed25519' | 'SM2';
  publicKey: string;
  noteVerifierKey: string;
  validFrom: string;
  validUntil: string;
}

export function readZip(bytes: Buffer): Map<string, Buffer>;
export function canonicalize(value: unknown): string;
export function eventHash(event: Record<string, unknown>): string;
export function ledgerLeafHash(caseId: string, seq: number, hash: string): Buffer;
export function rootFromInclusionProof(index: number, size: number, leaf: Buffer, proof: Buffer[]): Buffer | null;
export function verifyBundle(bytes: Buffer, options?: { trustedKeys?: PublishedKey[] }): BundleVerification;
export function formatReport(result: BundleVerification, fileName: string): string;
export function checkpointSigner(note: string, keys: PublishedKey[]): PublishedKey | null;
export const SM2_DEFAULT_USER_ID: string;
export function sm2Za(point65: Buffer, userId?: string): Buffer;
export function sm2Verify(message: Buffer, signature: Buffer, point65: Buffer, userId?: string): boolean;
export function verifyByRecord(record: PublishedKey, message: Buffer, signature: Buffer): boolean;
