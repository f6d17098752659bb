// Installs the Debian packages the test suite needs when they are missing (run by `npm test`):
//   poppler-utils      pdftoppm renders issued PDFs to PNG so tests can check pages are not blank
//   fonts-noto-cjk     the fallback font for rare Chinese characters (CJK Ext-B) in official documents
//   fonts-hanazono     HanaMinB: CJK Ext-B and beyond (生僻字 such as 𪚥) that Noto CJK lacks
//   fonts-dejavu-core  DejaVu Sans: a TrueType font with composite glyphs (accented Latin) for the font-subset test
//   chromium           the browser the page tests (test/browser) drive with playwright-core; no browser download
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const missing = [];
if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) missing.push('poppler-utils');
if (!existsSync('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc')) missing.push('fonts-noto-cjk');
if (!existsSync('/usr/share/fonts/truetype/hanazono/HanaMinB.ttf')) missing.push('fonts-hanazono');
if (!existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) missing.push('fonts-dejavu-core');
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');

if (missing.length > 0) {
  const canInstall = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error;
  if (!canInstall) {
    process.stderr.write(`Missing system packages: ${missing.join(' ')}. Install them (apt-get install -y ${missing.join(' ')}) and run the tests again.\n`);
    process.exit(1);
  }
  process.stdout.write(`Installing ${missing.join(' ')} …\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
