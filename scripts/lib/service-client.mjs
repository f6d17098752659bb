// The command-line tools' client of the RUNNING service (npm run import, npm run archive:export): they talk to its
// API rather than booting an app context of their own, so access checks, access logs and job leases are the API's,
// and the same command works against a server elsewhere. Node built-ins only (fetch).
//
// Settings (environment): GONGKAI_URL (default http://localhost:3000), and GONGKAI_TOKEN (an access token) or
// GONGKAI_EMAIL + GONGKAI_PASSWORD (a login).
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const base = (process.env.GONGKAI_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

/** Exit status 2: the command could not run (usage, connection, refused request). */
export function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function send(method, url, { token, body, type } = {}) {
  try {
    return await fetch(`${base}/api/v1${url}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(type ? { 'Content-Type': type } : {}) },
      body,
    });
  } catch (e) {
    return fail(`无法连接 ${base}：${e.cause?.message ?? e.message}`);
  }
}

async function refused(method, url, res) {
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported with the status
  }
  fail(`${method} ${url}：${res.status} ${json?.message ?? text.slice(0, 200)}${json?.errors?.length ? `（${json.errors.map((e) => `${e.field}：${e.message}`).join('；')}）` : ''}`);
}

/** A JSON request; any answer other than 2xx ends the command with the service's message and field errors. */
export async function call(method, url, options = {}) {
  const res = await send(method, url, options);
  if (!res.ok) return refused(method, url, res);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** A GET whose body is streamed into a file (never held whole in memory); returns the bytes written. */
export async function download(url, token, file) {
  const res = await send('GET', url, { token });
  if (!res.ok) return refused('GET', url, res);
  let bytes = 0;
  const body = Readable.fromWeb(res.body);
  body.on('data', (chunk) => (bytes += chunk.length));
  await pipeline(body, createWriteStream(file));
  return bytes;
}

/** The access token: GONGKAI_TOKEN, or a login with GONGKAI_EMAIL and GONGKAI_PASSWORD. `who` names the account needed. */
export async function accessToken(who) {
  if (process.env.GONGKAI_TOKEN) return process.env.GONGKAI_TOKEN;
  const { GONGKAI_EMAIL: email, GONGKAI_PASSWORD: password } = process.env;
  if (!email || !password) fail(`请设置 GONGKAI_TOKEN，或 GONGKAI_EMAIL 和 GONGKAI_PASSWORD（${who}账号）`);
  return (await call('POST', '/auth/login', { body: JSON.stringify({ email, password }), type: 'application/json' })).accessToken;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
