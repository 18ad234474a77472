import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretSetting } from './secret-files.config.js';
import { SettingSources } from './setting-sources.config.js';

describe('secretSetting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  const file = join(dir, 'token');
  writeFileSync(file, 's3cret\n');
  const TOKEN = { env: 'JOB_SCHEDULER_API_TOKEN' };
  const read = (env: Record<string, string>) => {
    const sources = new SettingSources([], env, []);
    return { value: secretSetting(sources, TOKEN), problems: sources.problems };
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file that <variable>_FILE names, without its line ending', () => {
    expect(read({ JOB_SCHEDULER_API_TOKEN_FILE: file })).toEqual({ value: 's3cret', problems: [] });
  });

  it('takes the variable when no file is named', () => {
    expect(read({ JOB_SCHEDULER_API_TOKEN: 'direct' })).toEqual({ value: 'direct', problems: [] });
  });

  it('names the problem when both are set, or the file cannot be read', () => {
    expect(read({ JOB_SCHEDULER_API_TOKEN: 'x', JOB_SCHEDULER_API_TOKEN_FILE: file }).problems).toEqual([
      'JOB_SCHEDULER_API_TOKEN_FILE: JOB_SCHEDULER_API_TOKEN is set too; set one of them',
    ]);
    expect(read({ JOB_SCHEDULER_API_TOKEN_FILE: join(dir, 'missing') }).problems).toEqual([
      `JOB_SCHEDULER_API_TOKEN_FILE=${join(dir, 'missing')}: cannot be read (ENOENT)`,
    ]);
  });
});
