// Is the committed src/gen what openapi.json generates? The build regenerates src/gen, so this
// must run before it (`npm test` does): afterwards a stale committed copy is already overwritten.
// `npm run check -w client` exits 1 and names each file that differs.
import { createClient } from '@hey-api/openapi-ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import config from './openapi-ts.config.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const committedDir = join(here, config.output.path);

function files(root) {
  return new Map(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [relative(root, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8')]),
  );
}

function firstDifferentLine(committed, generated) {
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  let line = 0;
  while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++;
  return line + 1;
}

/** One line per file of src/gen that is not what openapi.json generates; none when it is. */
export async function generatedDrift() {
  const scratch = mkdtempSync(join(tmpdir(), 'client-gen-'));
  try {
    const output = join(scratch, 'gen');
    await createClient({
      ...config,
      input: join(here, config.input),
      output: { ...config.output, path: output },
      logs: { level: 'silent', file: false },
    });
    const [committed, generated] = [files(committedDir), files(output)];
    const drift = [];
    for (const [path, text] of generated) {
      if (!committed.has(path)) drift.push(`src/gen/${path}: missing (openapi.json generates it)`);
      else if (committed.get(path) !== text)
        drift.push(`src/gen/${path}: differs from line ${firstDifferentLine(committed.get(path), text)}`);
    }
    for (const path of committed.keys()) if (!generated.has(path)) drift.push(`src/gen/${path}: not generated from openapi.json`);
    return drift.sort();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const drift = await generatedDrift();
  if (drift.length > 0) {
    console.error(
      `client/src/gen is not what openapi.json generates (run \`npm run build -w client\` and commit src/gen):\n  ${drift.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('client/src/gen is what openapi.json generates');
}
