import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BoundedOutput } from './bounded-output.js';
import { identify, type ProcessIdentity, signalGroup } from './process-identity.js';

export interface LaunchOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdout: BoundedOutput;
  stderr: BoundedOutput;
  killGraceMs: number;
  drainMs: number;
}

/** How an attempt's main process ended; `exitCode` is 128 + the signal number when a signal killed it. */
export interface ProcessExit {
  exitCode: number;
  signal?: NodeJS.Signals;
}

/** One attempt of a job: a process leading its own process group, its output captured. */
export class JobProcess {
  readonly pid: number;
  readonly identity?: ProcessIdentity;
  /** Resolves once the main process exited and its output was written. */
  readonly exited: Promise<ProcessExit>;
  private ended = false;
  private killTimer?: NodeJS.Timeout;

  /**
   * Runs `argv[0]` with the rest as its arguments, never through a shell. `detached` makes it
   * the leader of a new process group, so a stop reaches every process the job started.
   * Rejects with the OS error (ENOENT, EACCES) when the program cannot start.
   */
  static launch(options: LaunchOptions): Promise<JobProcess> {
    return new Promise((resolve, reject) => {
      const [program, ...args] = options.argv;
      let child: ChildProcess;
      try {
        child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      child.once('error', reject);
      child.once('spawn', () => {
        child.off('error', reject);
        // Later errors only report a failed kill of a process that is already gone.
        child.on('error', () => undefined);
        resolve(new JobProcess(child, options));
      });
    });
  }

  private constructor(
    child: ChildProcess,
    private readonly options: LaunchOptions,
  ) {
    this.pid = child.pid as number;
    this.identity = identify(this.pid);
    const exit = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve(this.onExit(code, signal))));
    const drained = Promise.all([options.stdout.drain(child.stdout as Readable), options.stderr.drain(child.stderr as Readable)]);
    this.exited = exit.then(async (result) => {
      // A process that left the group (setsid) may hold the pipes open forever: cut them.
      await Promise.race([drained, sleep(options.drainMs, undefined, { ref: false })]);
      child.stdout?.destroy();
      child.stderr?.destroy();
      await drained;
      return result;
    });
  }

  /** SIGTERM to the whole group, then SIGKILL once the grace period has passed. */
  terminate(): void {
    if (this.ended || this.killTimer) return;
    signalGroup(this.pid, 'SIGTERM');
    this.killTimer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), this.options.killGraceMs);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): ProcessExit {
    this.ended = true;
    clearTimeout(this.killTimer);
    // The job is over when its main process is, as a container's is: no stragglers survive it.
    signalGroup(this.pid, 'SIGKILL');
    if (code !== null) return { exitCode: code };
    const sig = signal as NodeJS.Signals;
    return { exitCode: 128 + (constants.signals[sig] ?? 0), signal: sig };
  }
}
