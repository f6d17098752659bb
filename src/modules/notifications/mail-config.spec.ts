import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadAppConfig } from '../../config/app-config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'gk-mail-config-'));

describe('mail configuration', () => {
  it('should write .eml files under DATA_DIR/mail/outbox when no SMTP_URL is set', () => {
    const dir = dataDir();
    const sut = loadAppConfig({ DATA_DIR: dir }).mail;
    expect(sut.smtpUrl).toBeNull();
    expect(sut.outboxDir).toBe(path.join(dir, 'mail', 'outbox'));
    expect(sut.from).toBe('"Gongkai 政府信息公开" <noreply@gongkai.local>');
    expect(sut.dispatchIntervalSeconds).toBe(10);
  });

  it('should not poll in tests unless asked', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test' }).mail.dispatchIntervalSeconds).toBe(0);
  });

  it('should take an SMTP URL with credentials and a named sender', () => {
    const sut = loadAppConfig({
      DATA_DIR: dataDir(),
      SMTP_URL: 'smtps://user:p%40ss@mail.example.cn:465',
      MAIL_FROM: '示例县政府信息公开 <gk@example.cn>',
    }).mail;
    expect(sut.smtpUrl).toBe('smtps://user:p%40ss@mail.example.cn:465');
    expect(sut.from).toBe('示例县政府信息公开 <gk@example.cn>');
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.cn'],
    ['MAIL_FROM', 'not an address'],
    ['MAIL_MAX_ATTEMPTS', '0'],
    ['MAIL_LEASE_SECONDS', '5'],
    ['MAIL_DISPATCH_INTERVAL_SECONDS', '-1'],
  ])('should refuse %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('should refuse a maximum retry delay below the base delay', () => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), MAIL_RETRY_BASE_SECONDS: '600', MAIL_RETRY_MAX_SECONDS: '60' })).toThrow(ConfigError);
  });
});
