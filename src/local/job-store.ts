import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { JobConflictError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { syncFolder, writeFileAtomic, writeNewFile } from './atomic-file.js';
import { type JobDocument, serializeJob } from './job-document.js';
import { loadJobs, RECORD_FILE, STAGING_PREFIX } from './job-loader.js';

/**
 * Job records on disk. Layout, one folder per scheduler so that two never share records:
 *
 *   <dataDir>/<app>/<environment>/<job definition>/<job name>/
 *     job.json     record, what to run, and the pid of the running process
 *     payload      the payload, byte-exact, mode 0600 (only for definitions with payload.path)
 *     stdout.log   the tail of the job's standard output (see BoundedOutput)
 *     stderr.log   the tail of its standard error
 *
 * Every write replaces a file atomically, and a job folder appears whole (it is built under a
 * staging name and renamed), so a crash never leaves a torn record.
 */
@Injectable()
export class JobStore {
  private readonly logger = new Logger(JobStore.name);
  readonly root: string;
  private readonly writes = new Map<string, Promise<void>>();
  private readonly removed = new Set<string>();

  constructor(config: SchedulerConfig) {
    this.root = resolve(config.local.dataDir, config.app, config.environment, config.job.name);
  }

  folder(name: string): string {
    return join(this.root, name);
  }

  payloadPath(name: string): string {
    return join(this.folder(name), 'payload');
  }

  outputPath(name: string, stream: 'stdout' | 'stderr'): string {
    return join(this.folder(name), `${stream}.log`);
  }

  /** A captured stream of a job, "" when there is none (yet). */
  readOutput(name: string, stream: 'stdout' | 'stderr'): Promise<string> {
    return readFile(this.outputPath(name, stream), 'utf8').catch(() => '');
  }

  /**
   * Creates a job's folder with its payload and first record, all or nothing. Throws
   * JobConflictError when the folder exists, RuntimeUnavailableError on disk errors.
   */
  async create(document: JobDocument, payload: Buffer | undefined): Promise<void> {
    const name = document.record.name;
    const staging = join(this.root, `${STAGING_PREFIX}${name}`);
    await mkdir(this.root, { recursive: true, mode: 0o700 }).catch((error: unknown) => Promise.reject(unavailable(error, name, this.root)));
    try {
      await mkdir(staging, { mode: 0o700 });
      if (payload !== undefined) await this.writePayload(join(staging, 'payload'), payload);
      await writeNewFile(join(staging, RECORD_FILE), serializeJob(document));
      await this.publish(staging, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw storeError(error, name, this.root);
    }
  }

  /** Writes the record; writes of one job happen in call order. Never rejects: a failure is logged. */
  save(document: JobDocument): Promise<void> {
    const name = document.record.name;
    const data = serializeJob(document);
    const write = async () => {
      if (!this.removed.has(name)) await writeFileAtomic(join(this.folder(name), RECORD_FILE), data);
    };
    const next = (this.writes.get(name) ?? Promise.resolve()).then(write).catch((error: unknown) => {
      this.logger.error(`cannot save job name=${name}: ${(error as Error).message}`);
    });
    this.writes.set(name, next);
    void next.then(() => this.writes.get(name) === next && this.writes.delete(name));
    return next;
  }

  /** Resolves when every write asked for so far has finished. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** Removes a job's folder and everything in it. Throws RuntimeUnavailableError when the disk refuses. */
  async remove(name: string): Promise<void> {
    this.removed.add(name);
    try {
      await this.writes.get(name);
      await rm(this.folder(name), { recursive: true, force: true });
    } catch (error) {
      throw new RuntimeUnavailableError(`cannot remove job ${name} from ${this.root}: ${(error as Error).message}`);
    } finally {
      this.removed.delete(name);
    }
  }

  /** Every readable job record. Leftovers of a crash are removed and bad records skipped, with a warning. */
  load(): Promise<JobDocument[]> {
    return loadJobs(this.root, this.logger);
  }

  private writePayload(path: string, payload: Buffer): Promise<void> {
    return writeNewFile(path, payload, 0o600);
  }

  /** Rename makes the whole folder appear at once; it fails when the name is taken by a non-empty folder. */
  private async publish(staging: string, name: string): Promise<void> {
    await rename(staging, this.folder(name));
    await syncFolder(this.root);
  }
}

function storeError(error: unknown, name: string, root: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return new JobConflictError(`job ${name} already exists`);
  return unavailable(error, name, root);
}

/** Disk errors (ENOSPC, EACCES, EROFS, ...) mean the runtime cannot take jobs now; anything else is a bug. */
function unavailable(error: unknown, name: string, root: string): Error {
  if (typeof (error as NodeJS.ErrnoException).code !== 'string') return error as Error;
  return new RuntimeUnavailableError(`cannot store job ${name} in ${root}: ${(error as Error).message}`);
}
