import { describe, expect, it } from '@jest/globals';
import { createClient } from '@hey-api/openapi-ts';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function files(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [relative(root, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8')]),
  );
}

describe('the generated client', () => {
  it('is what openapi.json generates (run `npm run build -w client` after `npm run openapi`)', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'client-gen-')), 'gen');
    await createClient({ input: join(here, '..', '..', 'openapi.json'), output: { path: output, importFileExtension: '.js' }, logs: { level: 'silent', file: false } });
    expect(files(join(here, 'gen'))).toEqual(files(output));
  });
});
