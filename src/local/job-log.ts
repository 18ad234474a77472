import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { FolderChanges } from './folder-changes.js';

/** How long a follow sleeps when no change was seen: a safety net for file systems that cannot be watched. */
const FALLBACK_MS = 10_000;
/** The most a log is read at once: a client that does not read holds one such piece and its socket's buffer. */
const CHUNK_BYTES = 64 * 1024;

export interface LogSource {
  /** stdout.log and stderr.log of the job, in its folder. */
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
 * A follow reads when something in the job's folder changed (its output, or its record when
 * the job ends), and costs nothing while the job is quiet. It is read in pieces, each when the
 * client has taken the one before.
 */
export function readLog(source: LogSource): Readable {
  return Readable.from(lines(source), { objectMode: false, highWaterMark: CHUNK_BYTES });
}

async function* lines({ paths, tail, running, signal }: LogSource): AsyncGenerator<Buffer> {
  const changes = running ? new FolderChanges(dirname(paths[0])) : undefined;
  const offsets = paths.map(() => 0);
  try {
    if (tail !== undefined) {
      const files = await Promise.all(paths.map((path) => readAll(path)));
      files.forEach((file, i) => (offsets[i] = file.length));
      yield* pieces(lastLines(Buffer.concat(files), tail));
    } else for (const [i, path] of paths.entries()) offsets[i] = yield* readFrom(path, 0);
    if (!running || !changes) return;
    while (running()) {
      if (!(await changes.next(FALLBACK_MS, signal))) return;
      for (const [i, path] of paths.entries()) {
        const size = await sizeOf(path);
        if (size < offsets[i]) offsets[i] = size;
        offsets[i] = yield* readFrom(path, offsets[i]);
      }
    }
    for (const [i, path] of paths.entries()) yield* readFrom(path, offsets[i]);
  } finally {
    changes?.close();
  }
}

function* pieces(buffer: Buffer): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += CHUNK_BYTES) yield buffer.subarray(at, at + CHUNK_BYTES);
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

/** Yields the file from `offset` to its end, a piece at a time; returns the offset reached. */
async function* readFrom(path: string, offset: number): AsyncGenerator<Buffer, number> {
  const file = await open(path, 'r').catch(() => undefined); // no output yet
  if (!file) return offset;
  try {
    for (;;) {
      const { bytesRead, buffer } = await file.read(Buffer.alloc(CHUNK_BYTES), 0, CHUNK_BYTES, offset);
      if (bytesRead === 0) return offset;
      offset += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

async function readAll(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readFrom(path, 0)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}
