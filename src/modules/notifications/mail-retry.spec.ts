import { afterFailure, AttachmentIntegrityError, describeMailFailure, isPermanentMailFailure, retryDelayMs } from './mail-retry.js';

const policy = { maxAttempts: 4, baseMs: 30_000, maxMs: 300_000 };

function smtpError(responseCode: number, command: string, code = 'EENVELOPE'): Error {
  return Object.assign(new Error(`Can't send mail - all recipients were rejected: ${responseCode} nope`), {
    responseCode,
    command,
    code,
    response: `${responseCode} nope`,
  });
}

describe('retryDelayMs', () => {
  it('should double from the base with each failed attempt and stop at the maximum', () => {
    const sut = (attempts: number) => retryDelayMs(attempts, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(sut)).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it('should keep at least half the delay whatever the jitter draws', () => {
    expect(retryDelayMs(2, policy, () => 0)).toBe(30_000);
    expect(retryDelayMs(2, policy, () => 0.5)).toBe(45_000);
  });
});

describe('afterFailure', () => {
  it('should retry a transient failure while attempts remain', () => {
    expect(afterFailure(1, smtpError(451, 'RCPT TO'), policy, () => 1)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });

  it('should give up once the last attempt failed', () => {
    expect(afterFailure(4, smtpError(451, 'RCPT TO'), policy)).toEqual({ kind: 'fail' });
  });

  it('should give up at once when the server refused the recipient for good', () => {
    expect(afterFailure(1, smtpError(550, 'RCPT TO'), policy)).toEqual({ kind: 'fail' });
  });
});

describe('isPermanentMailFailure', () => {
  it.each([
    ['550 to RCPT TO', smtpError(550, 'RCPT TO'), true],
    ['552 to DATA', smtpError(552, 'DATA', 'EMESSAGE'), true],
    ['a malformed address', Object.assign(new Error('Invalid recipient'), { code: 'EENVELOPE', command: 'API' }), true],
    ['an attachment that no longer matches its hash', new AttachmentIntegrityError('changed'), true],
    ['451 to RCPT TO', smtpError(451, 'RCPT TO'), false],
    ['503 (bad sequence) to DATA', smtpError(503, 'DATA'), false],
    ['a refused login (our configuration)', smtpError(535, 'AUTH PLAIN', 'EAUTH'), false],
    ['a refused sender (our configuration)', smtpError(550, 'MAIL FROM'), false],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', command: 'CONN' }), false],
    ['something that is not an error', 'weird', false],
  ])('should say %s is permanent: %p', (_name, error, expected) => {
    expect(isPermanentMailFailure(error)).toBe(expected);
  });
});

describe('describeMailFailure', () => {
  it('should name the code, the command and the server reply on one line', () => {
    expect(describeMailFailure(Object.assign(new Error('Message failed'), { code: 'EMESSAGE', command: 'DATA', response: '451 try later' }))).toBe(
      'EMESSAGE: DATA: Message failed: 451 try later',
    );
  });
});
