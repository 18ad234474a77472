import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files end in this, so that a load after a crash can find and remove them. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes a new file with exactly `mode` (whatever the umask) and flushes it to disk.
 * Fails with EEXIST when the file exists.
 */
export async function writeNewFile(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const file = await open(path, 'wx', mode);
  try {
    await file.chmod(mode);
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Replaces `path` so that a reader, or a start after a crash, sees the old content or the new,
 * never a mix: a temporary file in the same folder (rename is atomic only within one file
 * system), fsync, rename, then fsync of the folder so that the rename itself is durable.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    await writeNewFile(temp, data, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Flushes a folder's entries (creations, renames) to disk. */
export async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
