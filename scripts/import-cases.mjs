// Usage: npm run import -- <file.jsonl>
//
// 历史导入 from the command line: uploads a JSON Lines file of earlier cases to the RUNNING service
// (POST /api/v1/imports, as an admin) and follows the job (GET /api/v1/imports/{id}) with a progress bar, then lists
// the lines not imported with their field and reason. It talks to the service rather than booting its own app
// context: the service that runs the deadline scanner and the mail dispatcher is the one that imports, so there is
// one writer with one lease on the job, the admin check and the access log are the API's, and the same command
// works against a server elsewhere.
//
// Settings (environment):
//   GONGKAI_URL       the service, default http://localhost:3000
//   GONGKAI_TOKEN     an admin's access token, or else
//   GONGKAI_EMAIL, GONGKAI_PASSWORD  an admin's login
// Exit status: 0 every line imported or unchanged; 1 some lines not imported (listed); 2 the import could not run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { accessToken, call, fail, sleep } from './lib/service-client.mjs';

const POLL_MS = 500;
const file = process.argv[2];
if (!file || file.startsWith('-')) {
  process.stderr.write('用法：npm run import -- <文件.jsonl>（环境变量 GONGKAI_URL、GONGKAI_TOKEN 或 GONGKAI_EMAIL 和 GONGKAI_PASSWORD）\n');
  process.exit(2);
}
let content;
try {
  content = readFileSync(file, 'utf8');
} catch (e) {
  fail(`无法读取 ${file}：${e.message}`);
}
const auth = await accessToken('系统管理员');
const started = await call('POST', `/imports?filename=${encodeURIComponent(path.basename(file))}`, { token: auth, body: content, type: 'application/x-ndjson' });
const bar = new cliProgress.SingleBar(
  { format: '导入 [{bar}] {percentage}% | {value}/{total} 行 | 新导入 {created} 未改变 {unchanged} 错误 {failed}', noTTYOutput: true, notTTYSchedule: 2000, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
bar.start(started.total, 0, { created: 0, unchanged: 0, failed: 0 });
let job = started;
while (job.status === 'QUEUED' || job.status === 'RUNNING') {
  await sleep(POLL_MS);
  job = await call('GET', `/imports/${started.id}`, { token: auth });
  bar.update(job.processed, { created: job.created, unchanged: job.unchanged, failed: job.failed });
}
bar.stop();
process.stdout.write(`${job.statusLabel}：共 ${job.total} 行，新导入 ${job.created} 件，未改变 ${job.unchanged} 件，有错误 ${job.failed} 行（任务 ${job.id}）\n`);
if (job.error) process.stdout.write(`${job.error}\n`);
for (const e of job.errors) process.stdout.write(`第${e.line}行${e.externalId ? `（${e.externalId}）` : ''} ${e.field || '（整行）'}：${e.message}\n`);
process.exit(job.status === 'DONE' && job.failed === 0 ? 0 : 1);
