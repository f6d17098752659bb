export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the attempt after `attempts` failed ones: exponential (base, 2·base, 4·base … capped at max)
 * with "equal jitter" (half fixed, half random), so instances that failed together do not retry in lockstep.
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

export type FailureVerdict = { kind: 'retry'; delayMs: number } | { kind: 'fail' };

/** What to do after a failed attempt: retry later, or give up (out of attempts, or retrying cannot help). */
export function afterFailure(attempts: number, error: unknown, policy: RetryPolicy, random?: () => number): FailureVerdict {
  if (isPermanentMailFailure(error) || attempts >= policy.maxAttempts) return { kind: 'fail' };
  return { kind: 'retry', delayMs: retryDelayMs(attempts, policy, random) };
}

/** Raised before sending when an attachment's bytes no longer match the hash recorded with the message. */
export class AttachmentIntegrityError extends Error {
  readonly permanent = true;
}

interface SmtpErrorFields {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
}

/**
 * Permanent: the receiving side refused this recipient or this content for good (RFC 5321 5yz to RCPT TO or
 * DATA, except 503), the address itself is malformed, or the attachment no longer matches its archived hash.
 * Everything else (connection trouble, 4yz, a rejected login or sender, i.e. our own configuration) is retried:
 * an administrator can fix it before the attempts run out.
 */
export function isPermanentMailFailure(error: unknown): boolean {
  if (error instanceof AttachmentIntegrityError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SmtpErrorFields;
  if (e.code === 'EENVELOPE' && e.command === 'API') return true;
  const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const refused = code >= 500 && code < 600 && code !== 503;
  return refused && (e.command === 'RCPT TO' || e.command === 'DATA');
}

/** One line for last_error: what failed and the server's reply, without credentials or stack. */
export function describeMailFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 1000);
  const e = error as Error & SmtpErrorFields & { response?: unknown };
  const parts = [typeof e.code === 'string' ? e.code : error.name, typeof e.command === 'string' ? e.command : null, error.message];
  if (typeof e.response === 'string' && !error.message.includes(e.response)) parts.push(e.response);
  return parts.filter(Boolean).join(': ').slice(0, 1000);
}
