import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogQuery } from './dto/log-query.dto.js';
import { JobGateway } from './job.gateway.js';
import { InvalidRequestError } from './jobs.errors.js';
import { JobsService } from './jobs.service.js';

interface OpenLog {
  response: Response;
  /** Ends a wait for the log to begin. */
  abort: AbortController;
  log?: Readable;
}

/**
 * `GET /api/v1/jobs/{jobName}/logs`: the runtime's log of an attempt, as text. Follows end
 * when the job does, when the client goes, and at shutdown, which never waits on them, not
 * even on one whose log the runtime has not begun to send.
 */
@Injectable()
export class LogStreams implements BeforeApplicationShutdown {
  private readonly open = new Set<OpenLog>();
  private closing = false;

  constructor(
    private readonly jobs: JobsService,
    private readonly gateway: JobGateway,
  ) {}

  async send(name: string, query: LogQuery, response: Response): Promise<void> {
    const job = await this.jobs.get(name);
    const attempt = query.attempt === undefined ? undefined : Number(query.attempt);
    if (attempt !== undefined && attempt >= job.replicas.length) {
      throw new InvalidRequestError(
        `attempt: job ${name} has ${job.replicas.length} attempts${job.replicas.length > 0 ? ` (0 to ${job.replicas.length - 1})` : ''}`,
      );
    }
    const entry: OpenLog = { response, abort: new AbortController() };
    // Came while shutting down, after the follows were ended: it ends at once too.
    if (this.closing) return void response.end();
    this.open.add(entry);
    response.on('close', () => {
      entry.abort.abort();
      entry.log?.destroy();
      this.open.delete(entry);
    });
    const tail = query.tail === undefined ? undefined : Number(query.tail);
    const log = await this.gateway.logs(name, { follow: query.follow === 'true', tail, attempt, signal: entry.abort.signal });
    if (this.closing || response.writableEnded || response.destroyed) {
      log.destroy();
      if (!response.writableEnded) response.end();
      return;
    }
    entry.log = log;
    response
      .status(200)
      .set({ 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    // A log destroyed (shutdown) or failed does not end the answer by itself: pipe() ends it only on 'end'.
    log.on('close', () => response.end());
    log.on('error', () => response.end());
    log.pipe(response);
  }

  /**
   * Ends every follow, and waits (a second at most) until their ends are written: the server
   * closes next, and Node then destroys each connection whose answer has ended, sent or not,
   * which a client sees as a reset instead of the end of the log.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const written = [...this.open].map(({ response, log, abort }) => {
      abort.abort();
      if (log) log.destroy();
      else response.end();
      return finished(response).catch(() => undefined);
    });
    this.open.clear();
    await Promise.race([Promise.all(written), sleep(1000, undefined, { ref: false })]);
  }
}
