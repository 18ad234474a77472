import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The floor: a bare node:http server that answers every request with the same bytes, as
 * fast as Node can send them. No scheduler can list faster than this. It runs in a process of
 * its own, as the scheduler does, so that it does not share an event loop with the client
 * that measures both.
 */
export async function startFloor(body, contentType = 'application/json; charset=utf-8') {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const file = join(dir, 'body');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [fileURLToPath(new URL('./floor-server.mjs', import.meta.url)), file, contentType], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const port = await Promise.race([
    once(createInterface({ input: child.stdout }), 'line').then(([line]) => Number(line)),
    exited.then(([code]) => Promise.reject(new Error(`bench: the floor exited with ${code} before it listened`))),
  ]);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
