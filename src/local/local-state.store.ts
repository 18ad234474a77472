import { Injectable } from '@nestjs/common';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { StateStore } from '../jobs/state-store.js';
import { writeFileAtomic } from './atomic-file.js';
import { STATE_FILE } from './job-loader.js';
import { JobStore } from './job-store.js';

/** The state store of a local scheduler: one JSON file beside its jobs, replaced atomically. */
@Injectable()
export class LocalStateStore extends StateStore {
  private readonly path: string;
  /** Writes one after the other, each over the last: a read-modify-write must not interleave. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(store: JobStore) {
    super();
    this.path = join(store.root, STATE_FILE);
  }

  async read(): Promise<Readonly<Record<string, string>>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new RuntimeUnavailableError(`cannot read the scheduler's state in ${this.path}: ${(error as Error).message}`);
    }
  }

  write(values: Readonly<Record<string, string>>): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(join(this.path, '..'), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.path, JSON.stringify({ ...(await this.read()), ...values }));
    });
    this.writing = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      if (error instanceof RuntimeUnavailableError) throw error;
      throw new RuntimeUnavailableError(`cannot keep the scheduler's state in ${this.path}: ${(error as Error).message}`);
    });
  }
}
