import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { writeFileAtomic } from './atomic-file.js';

/**
 * One captured stream (stdout or stderr) of a job, on disk and bounded by `limit` bytes.
 *
 * It keeps the most recent output (the tail): when a job fails, its last lines say why. The
 * file grows to at most twice the limit while the job runs, is then cut back to the last
 * `limit` bytes (starting on a whole UTF-8 character), and when anything was dropped it starts
 * with one marker line saying how much:
 *   `[job-scheduler] 1048576 earlier bytes of stdout dropped (limit 1024 bytes)`
 * Compacting only past twice the limit keeps the cost of copying linear in the output size.
 * A disk error stops the capture (with a warning) but never blocks the job: output is drained.
 */
export class BoundedOutput {
  private readonly logger = new Logger(BoundedOutput.name);
  private file?: FileHandle;
  private marker = Buffer.alloc(0);
  private kept = 0;
  private dropped = 0;
  private droppedInMarker = 0;
  private failed = false;

  constructor(
    private readonly path: string,
    private readonly limit: number,
    private readonly stream: 'stdout' | 'stderr',
  ) {}

  async open(): Promise<void> {
    try {
      this.file = await open(this.path, 'a+', 0o600);
    } catch (error) {
      this.giveUp(error);
    }
  }

  /** Copies a stream into the file until it ends or is destroyed. Never rejects. */
  async drain(source: Readable): Promise<void> {
    try {
      for await (const chunk of source) await this.append(chunk as Buffer);
    } catch {
      // The pipe was cut because a straggler kept it open after the job's main process ended.
    }
  }

  /** Cuts the file to its final size and closes it. */
  async close(): Promise<void> {
    try {
      if (!this.failed && (this.kept > this.limit || this.dropped !== this.droppedInMarker)) await this.compact();
      await this.file?.close();
    } catch (error) {
      this.giveUp(error);
    }
    this.file = undefined;
  }

  private async append(chunk: Buffer): Promise<void> {
    if (!this.file || this.failed || this.limit === 0) {
      this.dropped += chunk.length;
      return;
    }
    try {
      await this.file.write(chunk);
      this.kept += chunk.length;
      if (this.kept > 2 * this.limit) await this.compact();
    } catch (error) {
      this.giveUp(error);
    }
  }

  private async compact(): Promise<void> {
    const length = Math.min(this.kept, this.limit);
    const tail = Buffer.alloc(length);
    if (this.file && length > 0) await this.file.read(tail, 0, length, this.marker.length + this.kept - length);
    let start = 0;
    // A UTF-8 continuation byte (10xxxxxx) would begin the text with a broken character.
    while (start < Math.min(3, tail.length) && (tail[start] & 0xc0) === 0x80) start++;
    this.dropped += this.kept - (length - start);
    this.kept = length - start;
    this.droppedInMarker = this.dropped;
    this.marker = Buffer.from(`[job-scheduler] ${this.dropped} earlier bytes of ${this.stream} dropped (limit ${this.limit} bytes)\n`);
    await this.file?.close();
    await writeFileAtomic(this.path, Buffer.concat([this.marker, tail.subarray(start)]));
    this.file = await open(this.path, 'a+', 0o600);
  }

  private giveUp(error: unknown): void {
    this.failed = true;
    this.logger.warn(`output capture stopped path=${this.path}: ${(error as Error).message}`);
    void this.file?.close().catch(() => undefined);
    this.file = undefined;
  }
}
