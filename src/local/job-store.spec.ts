import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { JobConflictError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { type JobDocument, storedSpec } from './job-document.js';
import { JobStore } from './job-store.js';
import { localConfig, nodeJob, removeDir, T0, tempDir } from '../../test/fakes/local.fixtures.js';

function aDocument(name = 'compute-20240501100000-aaaaaaaa'): JobDocument {
  return { record: { name, created: T0.getTime(), status: 'Waiting', replicas: [] }, spec: storedSpec(nodeJob('', { name })) };
}

describe('JobStore', () => {
  let dir: string;
  let sut: JobStore;

  beforeEach(async () => {
    dir = await tempDir();
    sut = new JobStore(localConfig(dir));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await removeDir(dir);
  });

  it('keeps each scheduler in its own folder: <dataDir>/<app>/<environment>/<job>', () => {
    expect(sut.root).toBe(join(dir, 'data', 'demo', 'dev', 'compute'));
  });

  it('creates a job folder with the payload (mode 0600) and the record, and loads it back', async () => {
    const document = aDocument();

    await sut.create([{ document, payload: Buffer.from('payload') }]);

    expect(await readFile(sut.payloadPath({ name: document.record.name }), 'utf8')).toBe('payload');
    expect((await stat(sut.payloadPath({ name: document.record.name }))).mode & 0o777).toBe(0o600);
    expect(await sut.load()).toEqual([document]);
  });

  it('refuses a name whose folder exists', async () => {
    await sut.create([{ document: aDocument(), payload: undefined }]);

    await expect(sut.create([{ document: aDocument(), payload: undefined }])).rejects.toThrow(JobConflictError);
  });

  it('turns a full disk into RuntimeUnavailableError and leaves no half-written folder', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    jest.spyOn(JobStore.prototype as unknown as { writePayload: () => Promise<void> }, 'writePayload').mockRejectedValue(full);

    const created = sut.create([{ document: aDocument(), payload: Buffer.from('x') }]);

    await expect(created).rejects.toThrow(RuntimeUnavailableError);
    await expect(created).rejects.toThrow(/cannot store job compute-20240501100000-aaaaaaaa in .*: ENOSPC: no space left on device/);
    expect(await readdir(sut.root)).toEqual([]);
  });

  it('turns a data folder it cannot create into RuntimeUnavailableError', async () => {
    await writeFile(join(dir, 'file'), '');
    const blocked = new JobStore(localConfig(dir, { local: { dataDir: join(dir, 'file') } }));

    await expect(blocked.create([{ document: aDocument(), payload: undefined }])).rejects.toThrow(RuntimeUnavailableError);
  });

  it('saves records in call order, atomically, leaving no temporary files', async () => {
    const document = aDocument();
    await sut.create([{ document: document, payload: undefined }]);

    const saves = Array.from({ length: 20 }, (_, i) => sut.save({ ...document, record: { ...document.record, message: `save ${i}` } }));
    await Promise.all(saves);

    expect(await readdir(sut.folder({ name: document.record.name }))).toEqual(['job.json']);
    expect((await sut.load())[0].record.message).toBe('save 19');
  });

  it('removes a job folder with everything in it', async () => {
    const document = aDocument();
    await sut.create([{ document, payload: Buffer.from('x') }]);
    await writeFile(sut.outputPath({ name: document.record.name }, 'stdout'), 'out');

    await sut.remove(document.record);

    expect(existsSync(sut.folder({ name: document.record.name }))).toBe(false);
  });

  describe('a batch', () => {
    const batchName = 'batch-compute-20240501100000-bbbbbbbb';
    const member = (suffix: string): JobDocument => {
      const document = aDocument(`${batchName}-${suffix}`);
      return { ...document, record: { ...document.record, batchName } };
    };

    it('lives in one folder with a folder per job, and loads back whole', async () => {
      const jobs = [member('aaaaaaa1'), member('aaaaaaa2')];

      await sut.create(jobs.map((document) => ({ document, payload: Buffer.from(document.record.name) })));

      expect((await readdir(join(sut.root, batchName))).sort()).toEqual([`${batchName}-aaaaaaa1`, `${batchName}-aaaaaaa2`, 'batch.json']);
      expect(await readFile(sut.payloadPath(jobs[1].record), 'utf8')).toBe(jobs[1].record.name);
      expect((await sut.load()).sort((a, b) => a.record.name.localeCompare(b.record.name))).toEqual(jobs);
    });

    it('appears whole or not at all: a disk error half-way leaves no folder', async () => {
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      jest
        .spyOn(JobStore.prototype as unknown as { writePayload: () => Promise<void> }, 'writePayload')
        .mockResolvedValueOnce()
        .mockRejectedValueOnce(full);

      await expect(
        sut.create([member('aaaaaaa1'), member('aaaaaaa2')].map((document) => ({ document, payload: Buffer.from('x') }))),
      ).rejects.toThrow(RuntimeUnavailableError);

      expect(await readdir(sut.root)).toEqual([]);
      expect(await sut.load()).toEqual([]);
    });

    it('goes with its last job', async () => {
      const jobs = [member('aaaaaaa1'), member('aaaaaaa2')];
      await sut.create(jobs.map((document) => ({ document, payload: undefined })));

      await sut.remove(jobs[0].record);
      expect(existsSync(join(sut.root, batchName))).toBe(true);
      await sut.remove(jobs[1].record);
      expect(existsSync(join(sut.root, batchName))).toBe(false);
    });

    it('is no error to remove a job whose batch folder another removal took first', async () => {
      const jobs = [member('aaaaaaa1'), member('aaaaaaa2')];
      await sut.create(jobs.map((document) => ({ document, payload: undefined })));
      // What a concurrent removal of the batch's other job can leave: the whole batch folder gone.
      await rm(join(sut.root, batchName), { recursive: true });

      await expect(sut.remove(jobs[1].record)).resolves.toBeUndefined();
    });
  });
});
