import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import { TEMP_SUFFIX } from './atomic-file.js';
import { type JobDocument, parseJob } from './job-document.js';

export const RECORD_FILE = 'job.json';
/** Marks a folder as a batch's: it holds the folders of the batch's jobs. */
export const BATCH_FILE = 'batch.json';
/** What the scheduler keeps beside its jobs (schedule pauses, last firings): see LocalStateStore. */
export const STATE_FILE = 'state.json';
/** A job or batch folder is built under this prefix and renamed when whole; one left over was interrupted. */
export const STAGING_PREFIX = '.staging-';

/**
 * Every readable job record under `root`, the jobs of batch folders included. What a crash
 * can leave (a half-built folder, a temporary file of an interrupted write) is removed; an
 * unreadable record is skipped and left for a human to look at. Both with a warning: neither
 * may keep the scheduler from starting.
 */
export async function loadJobs(root: string, logger: Logger): Promise<JobDocument[]> {
  let entries: Dirent[];
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw new Error(`cannot use the local data folder ${root}: ${(error as Error).message}`, { cause: error });
  }
  const documents: JobDocument[] = [];
  for (const entry of entries) {
    const path = join(root, entry.name);
    const found = await loadEntry(entry, path, logger).catch((error: unknown) => {
      logger.warn(`ignoring job folder ${path}: ${(error as Error).message}`);
      return [];
    });
    documents.push(...found);
  }
  return documents;
}

async function loadEntry(entry: Dirent, path: string, logger: Logger, batchName?: string): Promise<JobDocument[]> {
  if (entry.name.startsWith(STAGING_PREFIX)) {
    await removeLeftover(path, 'a creation that was interrupted', logger);
    return [];
  }
  if (!entry.isDirectory()) {
    if (entry.name !== BATCH_FILE && entry.name !== STATE_FILE) logger.warn(`ignoring ${path}: not a job folder`);
    return [];
  }
  const files = await readdir(path);
  if (batchName === undefined && files.includes(BATCH_FILE)) return loadBatch(path, entry.name, logger);
  for (const file of files) {
    if (file.endsWith(TEMP_SUFFIX)) await removeLeftover(join(path, file), 'a write that was interrupted', logger);
  }
  const text = await readFile(join(path, RECORD_FILE), 'utf8');
  try {
    const document = parseJob(text, entry.name);
    if (document.record.batchName !== batchName)
      throw new Error(`record says batch ${String(document.record.batchName)}, its folder ${String(batchName)}`);
    return [document];
  } catch (error) {
    throw new Error(`unreadable record: ${(error as Error).message}`, { cause: error });
  }
}

/** The jobs of one batch folder; a job that cannot be read is skipped alone. */
async function loadBatch(path: string, batchName: string, logger: Logger): Promise<JobDocument[]> {
  const documents: JobDocument[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const found = await loadEntry(entry, join(path, entry.name), logger, batchName).catch((error: unknown) => {
      logger.warn(`ignoring job folder ${join(path, entry.name)}: ${(error as Error).message}`);
      return [];
    });
    documents.push(...found);
  }
  return documents;
}

async function removeLeftover(path: string, what: string, logger: Logger): Promise<void> {
  logger.warn(`removing ${path}: left by ${what}`);
  await rm(path, { recursive: true, force: true }).catch((error: unknown) =>
    logger.warn(`cannot remove ${path}: ${(error as Error).message}`),
  );
}
