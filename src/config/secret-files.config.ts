import { readFileSync } from 'node:fs';
import type { Setting, SettingSources } from './setting-sources.config.js';

/**
 * A secret setting, from its variable or from the file that `<variable>_FILE` names (a mounted
 * Secret, a file only the scheduler's user may read). A value in the environment stays in
 * /proc/<pid>/environ for the life of the process, readable by every process of the same
 * user, local jobs included; one read from a file is only in the process's memory. One line
 * ending is trimmed, as `echo` and editors leave it. Both set, or a file that cannot be read,
 * is a problem recorded in `sources`.
 */
export function secretSetting(sources: SettingSources, setting: Setting): string | undefined {
  const file = sources.raw({ env: `${setting.env}_FILE` });
  const direct = sources.raw(setting);
  if (file.value === undefined) return direct.value;
  if (direct.value !== undefined) {
    sources.problems.push(`${file.name}: ${direct.name} is set too; set one of them`);
    return direct.value;
  }
  try {
    const value = readFileSync(file.value, 'utf8').replace(/\r?\n$/, '');
    if (value === '') sources.problems.push(`${file.name}=${file.value}: the file is empty`);
    return value === '' ? undefined : value;
  } catch (error) {
    sources.problems.push(
      `${file.name}=${file.value}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return undefined;
  }
}
