import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import { TEMP_SUFFIX } from './atomic-file.js';
import { type JobDocument, parseJob } from './job-document.js';

export const RECORD_FILE = 'job.json';
/** A job folder is built under this prefix and renamed when whole; one left over was interrupted. */
export const STAGING_PREFIX = '.staging-';

/**
 * Every readable job record under `root`. What a crash can leave (a half-built job folder, a
 * temporary file of an interrupted write) is removed; an unreadable record is skipped and left
 * for a human to look at. Both with a warning: neither may keep the scheduler from starting.
 */
export async function loadJobs(root: string, logger: Logger): Promise<JobDocument[]> {
  let entries: Dirent[];
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    throw new Error(`cannot use the local data folder ${root}: ${(error as Error).message}`);
  }
  const documents: JobDocument[] = [];
  for (const entry of entries) {
    const path = join(root, entry.name);
    const document = await loadEntry(entry, path, logger).catch((error: unknown) => {
      logger.warn(`ignoring job folder ${path}: ${(error as Error).message}`);
      return undefined;
    });
    if (document) documents.push(document);
  }
  return documents;
}

async function loadEntry(entry: Dirent, path: string, logger: Logger): Promise<JobDocument | undefined> {
  if (entry.name.startsWith(STAGING_PREFIX)) {
    await removeLeftover(path, 'a job creation that was interrupted', logger);
    return undefined;
  }
  if (!entry.isDirectory()) {
    logger.warn(`ignoring ${path}: not a job folder`);
    return undefined;
  }
  for (const file of await readdir(path)) {
    if (file.endsWith(TEMP_SUFFIX)) await removeLeftover(join(path, file), 'a write that was interrupted', logger);
  }
  const text = await readFile(join(path, RECORD_FILE), 'utf8');
  try {
    return parseJob(text, entry.name);
  } catch (error) {
    throw new Error(`unreadable record: ${(error as Error).message}`);
  }
}

async function removeLeftover(path: string, what: string, logger: Logger): Promise<void> {
  logger.warn(`removing ${path}: left by ${what}`);
  await rm(path, { recursive: true, force: true }).catch((error: unknown) => logger.warn(`cannot remove ${path}: ${(error as Error).message}`));
}
