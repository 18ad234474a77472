import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import type { JobRecord } from '../jobs/job.model.js';
import { JobConflictError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { syncFolder, writeFileAtomic, writeNewFile } from './atomic-file.js';
import { checkDataFolder } from './data-folder.js';
import { type JobDocument, parseJob, serializeJob } from './job-document.js';
import { BATCH_FILE, loadJobs, RECORD_FILE, STAGING_PREFIX } from './job-loader.js';

/** Where a job lives: its name, and its batch's when it has one. */
export type JobKey = Pick<JobRecord, 'name' | 'batchName'>;

/** A job to create, with its payload bytes. */
export interface NewJob {
  document: JobDocument;
  payload: Buffer | undefined;
}

/**
 * Job records on disk. Layout, one folder per scheduler so that two never share records:
 *
 *   <dataDir>/<app>/<environment>/<job definition>/
 *     <job name>/        a single job
 *       job.json         record, what to run, and the pid of the running process
 *       payload          the payload, byte-exact, mode 0600 (only for definitions with payload.path)
 *       stdout.log       the tail of the job's standard output (see BoundedOutput)
 *       stderr.log       the tail of its standard error
 *       scratch/<mount>/ an emptyDir mount's folder while the job runs, emptied for each attempt
 *     <batch name>/      a batch
 *       batch.json       marks the folder as a batch's
 *       <job name>/      each of its jobs, as above
 *
 * Every write replaces a file atomically, and a job or batch folder appears whole (it is
 * built under a staging name and renamed), so a crash never leaves a torn record, and a
 * batch never half made.
 */
@Injectable()
export class JobStore {
  private readonly logger = new Logger(JobStore.name);
  readonly root: string;
  private readonly dataDir: string;
  private readonly writes = new Map<string, Promise<void>>();
  private readonly removed = new Set<string>();

  constructor(config: SchedulerConfig) {
    this.dataDir = resolve(config.local.dataDir);
    this.root = resolve(this.dataDir, config.app, config.environment, config.job.name);
  }

  folder(job: JobKey): string {
    return job.batchName ? join(this.root, job.batchName, job.name) : join(this.root, job.name);
  }

  payloadPath(job: JobKey): string {
    return join(this.folder(job), 'payload');
  }

  /** The folder of the job's emptyDir mount `name`. */
  scratchPath(job: JobKey, name?: string): string {
    return name === undefined ? join(this.folder(job), 'scratch') : join(this.folder(job), 'scratch', name);
  }

  outputPath(job: JobKey, stream: 'stdout' | 'stderr'): string {
    return join(this.folder(job), `${stream}.log`);
  }

  /** A captured stream of a job, "" when there is none (yet). */
  readOutput(job: JobKey, stream: 'stdout' | 'stderr'): Promise<string> {
    return readFile(this.outputPath(job, stream), 'utf8').catch(() => '');
  }

  /** The payload as stored, or undefined when the job has none. */
  readPayload(job: JobKey): Promise<Buffer | undefined> {
    return readFile(this.payloadPath(job)).catch(() => undefined);
  }

  /**
   * Creates the folders of jobs with their payloads and first records, all or nothing: one
   * job's folder, or a batch's folder holding all of them. Throws JobConflictError when the
   * folder exists, RuntimeUnavailableError on disk errors.
   */
  async create(jobs: NewJob[]): Promise<void> {
    const batchName = jobs[0].document.record.batchName;
    const name = batchName ?? jobs[0].document.record.name;
    const staging = join(this.root, `${STAGING_PREFIX}${name}`);
    await mkdir(this.root, { recursive: true, mode: 0o700 }).catch((error: unknown) => Promise.reject(unavailable(error, name, this.root)));
    try {
      await mkdir(staging, { mode: 0o700 });
      if (batchName) await writeNewFile(join(staging, BATCH_FILE), `${JSON.stringify({ version: 1, name: batchName })}\n`);
      for (const { document, payload } of jobs) {
        const folder = batchName ? join(staging, document.record.name) : staging;
        if (batchName) await mkdir(folder, { mode: 0o700 });
        if (payload !== undefined) await this.writePayload(join(folder, 'payload'), payload);
        await writeNewFile(join(folder, RECORD_FILE), serializeJob(document));
      }
      await this.publish(staging, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw storeError(error, name, this.root);
    }
  }

  /** Writes the document; writes of one job happen in call order. Never rejects: a failure is logged. */
  save(document: JobDocument): Promise<void> {
    const data = serializeJob(document);
    return this.inOrder(document.record, (path) => writeFileAtomic(path, data));
  }

  /**
   * Replaces the record in a settled job's job.json, keeping the rest of it (see LocalJob): read
   * and written in order with the job's other writes. Never rejects: a failure is logged.
   */
  saveRecord(record: JobRecord): Promise<void> {
    return this.inOrder(record, async (path) => {
      const stored = parseJob(await readFile(path, 'utf8'), record.name);
      await writeFileAtomic(path, serializeJob({ ...stored, record }));
    });
  }

  /** A job's whole document as stored: for a settled job, what the memory no longer holds. */
  async read(job: JobKey): Promise<JobDocument> {
    await this.writes.get(job.name);
    try {
      return parseJob(await readFile(join(this.folder(job), RECORD_FILE), 'utf8'), job.name);
    } catch (error) {
      throw new RuntimeUnavailableError(`cannot read job ${job.name} from ${this.root}: ${(error as Error).message}`);
    }
  }

  private inOrder(job: JobKey, write: (path: string) => Promise<void>): Promise<void> {
    const { name } = job;
    const path = join(this.folder(job), RECORD_FILE);
    const next = (this.writes.get(name) ?? Promise.resolve())
      .then(() => (this.removed.has(name) ? undefined : write(path)))
      .catch((error: unknown) => {
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

  /** Drops a job's captured output, before it runs again. */
  async clearOutput(job: JobKey): Promise<void> {
    await Promise.all(['stdout', 'stderr'].map((stream) => rm(this.outputPath(job, stream as 'stdout'), { force: true })));
  }

  /**
   * Removes a job's folder and everything in it; the batch's folder goes with its last job.
   * Throws RuntimeUnavailableError when the disk refuses.
   */
  async remove(job: JobKey): Promise<void> {
    this.removed.add(job.name);
    try {
      await this.writes.get(job.name);
      await rm(this.folder(job), { recursive: true, force: true });
      if (job.batchName && (await batchEntries(join(this.root, job.batchName))).every((entry) => entry === BATCH_FILE)) {
        await rm(join(this.root, job.batchName), { recursive: true, force: true });
      }
    } catch (error) {
      throw new RuntimeUnavailableError(`cannot remove job ${job.name} from ${this.root}: ${(error as Error).message}`);
    } finally {
      this.removed.delete(job.name);
    }
  }

  /**
   * Every readable job record. Leftovers of a crash are removed and bad records skipped, with a
   * warning. Throws, and nothing is read, when another user could write the folders.
   */
  async load(): Promise<JobDocument[]> {
    await mkdir(this.root, { recursive: true, mode: 0o700 }).catch(() => undefined);
    await checkDataFolder(this.dataDir, this.root);
    return loadJobs(this.root, this.logger);
  }

  private writePayload(path: string, payload: Buffer): Promise<void> {
    return writeNewFile(path, payload, 0o600);
  }

  /** Rename makes the whole folder appear at once; it fails when the name is taken by a non-empty folder. */
  private async publish(staging: string, name: string): Promise<void> {
    await rename(staging, join(this.root, name));
    await syncFolder(this.root);
  }
}

/** What a batch folder holds; none when a removal of its other jobs, running meanwhile, took it first. */
async function batchEntries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
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
