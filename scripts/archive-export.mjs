// Usage: npm run archive:export -- --purpose 年度执法检查 --out export.zip [--receivedFrom 2025-01-01 --status ARCHIVED …]
//
// Bulk export of an archive search from the command line, for an auditor: asks the RUNNING service for a ZIP of the
// evidence bundles of every case the search finds (POST /api/v1/archive/exports, built in the background), follows
// the job (GET /api/v1/archive/exports/{id}) with a progress bar, and streams the finished ZIP into --out. Every
// bundle is entered in the chained access log with the purpose given, exactly as in the workbench. Each bundle in
// the ZIP can then be checked offline with `npm run verify-bundle`.
//
// Any other --name value pair is a filter of the archive search (receivedFrom, receivedTo, closedFrom, closedTo,
// agencyId, channel, status, replyType, overdue, legalReview, remedy, q, applicantName, …), checked by the service.
// Settings (environment): GONGKAI_URL, and GONGKAI_TOKEN or GONGKAI_EMAIL + GONGKAI_PASSWORD (an auditor's login).
// Exit status: 0 the ZIP was written; 1 the export job failed (its message is printed); 2 it could not run.
import cliProgress from 'cli-progress';
import { accessToken, call, download, fail, sleep } from './lib/service-client.mjs';

const POLL_MS = 500;
const USAGE = '用法：npm run archive:export -- --purpose <调阅用途> --out <文件.zip> [--receivedFrom 2025-01-01 --status ARCHIVED …]';

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) fail(`${USAGE}\n参数有误：${flag}`);
  options[flag.slice(2)] = value;
}
const { out, ...query } = options;
if (!out || !query.purpose) fail(USAGE);

const auth = await accessToken('审计人员');
const started = await call('POST', '/archive/exports', { token: auth, body: JSON.stringify(query), type: 'application/json' });
const bar = new cliProgress.SingleBar(
  { format: '导出 [{bar}] {percentage}% | {value}/{total} 件案卷 | {size}', noTTYOutput: true, notTTYSchedule: 2000, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
const size = (bytes) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
bar.start(started.total, started.done, { size: size(started.bytes) });
let job = started;
while (job.status !== 'DONE' && job.status !== 'FAILED') {
  await sleep(POLL_MS);
  job = await call('GET', `/archive/exports/${started.id}`, { token: auth });
  bar.update(job.done, { size: size(job.bytes) });
}
bar.stop();
if (job.status === 'FAILED') {
  process.stdout.write(`${job.statusLabel}：${job.error ?? ''}（任务 ${job.id}）\n`);
  process.exit(1);
}
const bytes = await download(`/archive/exports/${job.id}/download`, auth, out);
process.stdout.write(`${job.statusLabel}：${job.total} 件案卷的证据包已写入 ${out}（${size(bytes)}，调阅用途“${job.purpose}”，任务 ${job.id}）\n`);
