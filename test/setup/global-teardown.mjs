import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__gongkaiPg?.stop();
  if (globalThis.__gongkaiTmp) rmSync(globalThis.__gongkaiTmp, { recursive: true, force: true });
}
