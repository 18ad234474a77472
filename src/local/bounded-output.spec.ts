import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { BoundedOutput } from './bounded-output.js';
import { removeDir, tempDir } from '../../test/fakes/local.fixtures.js';

describe('BoundedOutput', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir, 'stdout.log');
  });

  afterEach(() => removeDir(dir));

  const capture = async (limit: number, ...chunks: Buffer[][]) => {
    const sut = new BoundedOutput(path, limit, 'stdout');
    await sut.open();
    for (const attempt of chunks) await sut.drain(Readable.from(attempt));
    await sut.close();
    return readFile(path, 'utf8');
  };

  it('keeps output under the limit as it is, across attempts', async () => {
    expect(await capture(100, [Buffer.from('first\n')], [Buffer.from('second\n')])).toBe('first\nsecond\n');
  });

  it('keeps the last limit bytes after a marker line saying how much was dropped', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => Buffer.from(`line ${String(i).padStart(4, '0')}\n`));

    const text = await capture(100, lines);

    const [marker, ...rest] = text.split('\n');
    expect(marker).toBe('[job-scheduler] 9900 earlier bytes of stdout dropped (limit 100 bytes)');
    expect(rest.join('\n')).toBe(lines.slice(-10).join(''));
  });

  it('starts the kept tail on a whole UTF-8 character', async () => {
    const text = await capture(5, [Buffer.from('ab'), Buffer.from('ø🚀')]);

    expect(text.split('\n')[1]).toBe('🚀');
  });

  it('keeps nothing but the marker when the limit is 0', async () => {
    expect(await capture(0, [Buffer.from('hello')])).toBe('[job-scheduler] 5 earlier bytes of stdout dropped (limit 0 bytes)\n');
  });
});
