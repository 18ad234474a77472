import { describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
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

describe('readLog following', () => {
  it('sends what a quiet job writes later, as it comes, and ends once the job has', async () => {
    const dir = folder();
    const out = join(dir, 'out');
    writeFileSync(out, 'started\n');
    let running = true;
    const followed = text(readLog({ paths: [out, join(dir, 'err')], running: () => running }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendFileSync(out, 'later\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = false;
    writeFileSync(join(dir, 'job.json'), '{}');
    await expect(followed).resolves.toBe('started\nlater\n');
  });

  it('reads a big log in pieces, each when the reader has taken the one before', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'out'), Buffer.alloc(4 * 1024 * 1024, 'x'));
    const log = readLog({ paths: [join(dir, 'out')] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.readableLength).toBeLessThanOrEqual(128 * 1024);
    expect((await text(log)).length).toBe(4 * 1024 * 1024);
  });
});
