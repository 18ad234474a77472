import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDataFolder } from './data-folder.js';

describe('checkDataFolder', () => {
  let dir: string;
  let data: string;
  let root: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-folder-'));
    data = join(dir, 'data');
    root = join(data, 'app', 'dev', 'compute');
    await mkdir(root, { recursive: true, mode: 0o700 });
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('accepts folders of this user that only it can write, under a sticky /tmp', async () => {
    await expect(checkDataFolder(data, root)).resolves.toBeUndefined();
  });

  it('refuses a data folder other users can write, naming it', async () => {
    await chmod(data, 0o777);
    await expect(checkDataFolder(data, root)).rejects.toThrow(`${data} is writable by other users (mode 777)`);
  });

  it("refuses a job definition's folder inside it that its group can write", async () => {
    await chmod(root, 0o770);
    await expect(checkDataFolder(data, root)).rejects.toThrow(`${root} is writable by other users (mode 770)`);
  });

  it('refuses a parent other users can write, unless it is sticky', async () => {
    await chmod(dir, 0o777);
    await expect(checkDataFolder(data, root)).rejects.toThrow(`${dir}, above the data folder, is writable by other users`);
    await chmod(dir, 0o1777);
    await expect(checkDataFolder(data, root)).resolves.toBeUndefined();
  });
});
