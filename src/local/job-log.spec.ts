import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLog } from './job-log.js';

const folder = () => mkdtempSync(join(tmpdir(), 'job-log-'));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('readLog', () => {
  it('gives stdout then stderr, the last lines when asked', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'out'), 'one\ntwo\nthree\n');
    writeFileSync(join(dir, 'err'), 'oops\n');
    expect(await text(readLog({ paths: [join(dir, 'out'), join(dir, 'err')] }))).toBe('one\ntwo\nthree\noops\n');
    expect(await text(readLog({ paths: [join(dir, 'out')], tail: 2 }))).toBe('two\nthree\n');
  });

  it('ends a follow of a quiet job that still runs as soon as its signal aborts', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'out'), 'started\n');
    const abort = new AbortController();
    const followed = text(readLog({ paths: [join(dir, 'out')], running: () => true, signal: abort.signal }));
    setTimeout(() => abort.abort(), 50);
    await expect(followed).resolves.toBe('started\n');
  });
});
