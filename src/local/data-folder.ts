import { stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';

/**
 * Refuses a data folder that another user could change: whoever can write a `job.json` there
 * chooses what the scheduler runs, as the scheduler's user. The folders from `dataDir` down to
 * `root` must belong to this user and be writable by it alone; every folder above `dataDir`
 * must belong to this user or root and, unless sticky (as /tmp is), be writable by no one
 * else, since whoever can write a parent can put another folder in its place. Throws an
 * Error naming each folder and what is wrong with it. Not checked where there are no user ids
 * (Windows).
 */
export async function checkDataFolder(dataDir: string, root: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const own = [
    dataDir,
    ...relative(dataDir, root)
      .split(sep)
      .filter(Boolean)
      .map((_, i, parts) => [dataDir, ...parts.slice(0, i + 1)].join(sep)),
  ];
  const problems: string[] = [];
  for (const folder of own) {
    const { uid: owner, mode } = await stat(folder);
    if (owner !== uid) problems.push(`${folder} belongs to user ${owner}, not to this user (${uid})`);
    if (mode & 0o022) problems.push(`${folder} is writable by other users (mode ${(mode & 0o777).toString(8)})`);
  }
  for (let folder = dirname(dataDir); ; folder = dirname(folder)) {
    const { uid: owner, mode } = await stat(folder);
    if (owner !== uid && owner !== 0) problems.push(`${folder}, above the data folder, belongs to user ${owner}`);
    if (mode & 0o022 && !(mode & 0o1000))
      problems.push(`${folder}, above the data folder, is writable by other users (mode ${(mode & 0o777).toString(8)})`);
    if (folder === dirname(folder)) break;
  }
  if (problems.length > 0) throw new Error(`the data folder is not safe to run jobs from (JOB_SCHEDULER_DATA_DIR): ${problems.join('; ')}`);
}
