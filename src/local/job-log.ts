import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 200;

export interface LogSource {
  /** stdout.log and stderr.log of the job. */
  paths: string[];
  tail?: number;
  /** While it returns true the log is followed; once false the rest is read and the stream ends. */
  running?: () => boolean;
  /**
   * Ends a follow at once (the client went, or shutdown). Destroying the stream alone would
   * wait for the next line, which a quiet job may never write.
   */
  signal?: AbortSignal;
}

/**
 * A local job's log: what its stdout and stderr kept, in that order (the runtime keeps them
 * apart), the last `tail` lines of it; following, then what either adds, as it comes, until
 * the job has ended. A file cut back by its bound while followed goes on from its new end.
 */
export function readLog(source: LogSource): Readable {
  return Readable.from(lines(source));
}

async function* lines({ paths, tail, running, signal }: LogSource): AsyncGenerator<Buffer> {
  const offsets = paths.map(() => 0);
  const chunks: Buffer[] = [];
  for (const [i, path] of paths.entries()) {
    const chunk = await readFrom(path, 0);
    offsets[i] = chunk.length;
    chunks.push(chunk);
  }
  const start = Buffer.concat(chunks);
  yield tail === undefined ? start : lastLines(start, tail);
  if (!running) return;
  while (running()) {
    const slept = await sleep(POLL_MS, true, { signal }).catch(() => false);
    if (!slept) return;
    for (const [i, path] of paths.entries()) {
      const size = await sizeOf(path);
      if (size < offsets[i]) offsets[i] = size;
      const chunk = await readFrom(path, offsets[i]);
      offsets[i] += chunk.length;
      if (chunk.length > 0) yield chunk;
    }
  }
  for (const [i, path] of paths.entries()) {
    const chunk = await readFrom(path, offsets[i]);
    if (chunk.length > 0) yield chunk;
  }
}

function lastLines(text: Buffer, count: number): Buffer {
  if (count === 0) return Buffer.alloc(0);
  let end = text.length;
  if (text[end - 1] === 0x0a) end--;
  let at = end;
  for (let seen = 0; at > 0; at--) {
    if (text[at - 1] === 0x0a && ++seen === count) break;
  }
  return text.subarray(at);
}

async function readFrom(path: string, offset: number): Promise<Buffer> {
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const buffer = Buffer.alloc(Math.max(size - offset, 0));
      if (buffer.length > 0) await file.read(buffer, 0, buffer.length, offset);
      return buffer;
    } finally {
      await file.close();
    }
  } catch {
    return Buffer.alloc(0); // no output yet
  }
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}
