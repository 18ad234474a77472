import { statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { PAYLOAD_FILE_VARIABLE, volumeMountVariable } from '../jobs/job.model.js';
import { BoundedOutput } from './bounded-output.js';
import type { JobDocument } from './job-document.js';
import { JobProcess } from './job-process.js';
import { JobRun } from './job-run.js';
import { JobStore } from './job-store.js';
import { LocalRuntimeOptions } from './local-runtime.options.js';
import { isSameProcess, type ProcessIdentity, signalGroup } from './process-identity.js';

/** Turns job documents into running processes: where they run, with what environment and output. */
@Injectable()
export class JobRunner {
  constructor(
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
    private readonly options: LocalRuntimeOptions,
    private readonly store: JobStore,
  ) {}

  /** Starts a job that got a slot; `changed` is called after each change of its document. */
  start(document: JobDocument, changed: () => void): JobRun {
    const limit = this.config.local.maxOutputBytes;
    const stdout = new BoundedOutput(this.store.outputPath(document.record, 'stdout'), limit, 'stdout');
    const stderr = new BoundedOutput(this.store.outputPath(document.record, 'stderr'), limit, 'stderr');
    const { killGraceMs, drainMs, retryDelayMs } = this.options;
    const run = new JobRun(document, {
      clock: this.clock,
      outputs: [stdout, stderr],
      retryDelayMs,
      changed,
      launch: async () => {
        const env = this.environment(document);
        await this.emptyScratch(document);
        return JobProcess.launch({ argv: document.spec.argv, cwd: this.workingFolder(), env, stdout, stderr, killGraceMs, drainMs });
      },
    });
    run.start();
    if (document.spec.scratch) void run.done.then(() => rm(this.store.scratchPath(document.record), { recursive: true, force: true }));
    return run;
  }

  /**
   * An emptyDir mount cannot be mounted at its path without privileges: each gets a folder of
   * the job's own instead, named by its variable, empty at each attempt as a new pod's would be,
   * and removed when the job ends. Its sizeLimit is not enforced.
   */
  private async emptyScratch(document: JobDocument): Promise<void> {
    for (const name of document.spec.scratch ?? []) {
      const path = this.store.scratchPath(document.record, name);
      await rm(path, { recursive: true, force: true });
      await mkdir(path, { recursive: true, mode: 0o700 });
    }
  }

  /**
   * Terminates the process group of a job that was running before the scheduler restarted,
   * only when its leader is provably the same process (pid, start time and boot all match):
   * a bare pid may belong to someone else by now. Returns whether it was there.
   */
  killOrphan(identity: ProcessIdentity): boolean {
    if (!isSameProcess(identity)) return false;
    signalGroup(identity.pid, 'SIGTERM');
    const timer = setTimeout(() => isSameProcess(identity) && signalGroup(identity.pid, 'SIGKILL'), this.options.killGraceMs);
    timer.unref();
    return true;
  }

  /**
   * The scheduler's inherited environment, then the job's RADIX_* and configured variables,
   * then its `secrets` from the scheduler's environment (read at start, never stored with the
   * job; a missing one fails the attempt rather than giving the job an empty value), then the
   * folders of its emptyDir mounts.
   * The payload stays in the job's own folder: it is deliberately NOT also written to
   * `<payload.path>/payload` on the host, as a container would see it, because concurrent
   * jobs would overwrite one shared file. Jobs find it through RADIX_JOB_PAYLOAD_FILE.
   */
  private environment(document: JobDocument): Record<string, string> {
    const payload: Record<string, string> = document.spec.hasPayload
      ? { [PAYLOAD_FILE_VARIABLE]: this.store.payloadPath(document.record) }
      : {};
    const names = document.spec.secrets ?? [];
    const missing = names.filter((name) => this.config.local.secrets[name] === undefined);
    if (missing.length > 0) throw new Error(`the secret ${missing.join(', ')} is not set in the scheduler's environment`);
    const secrets = Object.fromEntries(names.map((name) => [name, this.config.local.secrets[name]]));
    const scratch = Object.fromEntries(
      (document.spec.scratch ?? []).map((name) => [volumeMountVariable(name), this.store.scratchPath(document.record, name)]),
    );
    return { ...this.config.local.baseEnv, ...document.spec.env, ...payload, ...secrets, ...scratch };
  }

  /** The job's `src` folder next to radixconfig.yaml when it exists, else the folder of radixconfig.yaml. */
  private workingFolder(): string {
    const { configDir, job } = this.config;
    const src = job.src ? resolve(configDir, job.src) : undefined;
    return src && isFolder(src) ? src : configDir;
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
