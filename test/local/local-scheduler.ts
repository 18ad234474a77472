import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../support/kube-admin.js';
import { freePort, SchedulerProcess } from '../support/process.js';

export { isAlive } from '../fakes/local.fixtures.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The job the local e2e specs schedule, chosen by its variables:
 *   WORK_SECONDS  how long to run (default 0)
 *   WORK_EXIT     exit code (default 0)
 * It writes its pid to <WORK_PID_DIR>/<RADIX_JOB_NAME>, so a test can check that it is gone.
 */
const WORK_JOB = `import { writeFileSync } from 'node:fs';
writeFileSync(process.env.WORK_PID_DIR + '/' + process.env.RADIX_JOB_NAME, String(process.pid));
console.log('work: ' + process.env.RADIX_JOB_NAME);
setTimeout(() => process.exit(Number(process.env.WORK_EXIT ?? 0)), Number(process.env.WORK_SECONDS ?? 0) * 1000);
`;

/**
 * A temporary app folder (radixconfig.yaml with the jobs `work` and `compute`, their src
 * folders, a data folder) and `node dist/main.js` serving one of its jobs on the local runtime.
 */
export class LocalApp {
  readonly dir = mkdtempSync(join(tmpdir(), 'local-e2e-'));
  readonly pids = join(this.dir, 'pids');
  private processes: SchedulerProcess[] = [];

  /** `webhook`: where the `work` job's events go, when given. */
  constructor(private readonly webhook?: string) {
    mkdirSync(this.pids);
    mkdirSync(join(this.dir, 'work'));
    writeFileSync(join(this.dir, 'work', 'main.mjs'), WORK_JOB);
    mkdirSync(join(this.dir, 'compute'));
    copyFileSync(join(REPO, 'compute', 'main.mjs'), join(this.dir, 'compute', 'main.mjs'));
    writeFileSync(join(this.dir, 'radixconfig.yaml'), this.radixconfig());
  }

  /** Starts the scheduler for `job` and waits until it is ready; returns its base URL. */
  async start(job: string, env: Record<string, string> = {}, port?: number): Promise<string> {
    const chosen = port ?? (await freePort());
    const sut = SchedulerProcess.start([], {
      RADIX_CONFIG_FILE: join(this.dir, 'radixconfig.yaml'),
      RADIX_COMPONENT: job,
      JOB_SCHEDULER_RUNTIME: 'local',
      JOB_SCHEDULER_DATA_DIR: join(this.dir, 'data'),
      JOB_SCHEDULER_PORT: String(chosen),
      ...env,
    });
    this.processes.push(sut);
    const url = `http://127.0.0.1:${chosen}`;
    await sut.ready(url);
    return url;
  }

  /** The scheduler started last. */
  get scheduler(): SchedulerProcess {
    return this.processes[this.processes.length - 1];
  }

  /** The pid a job wrote at its start, once it did. */
  pidOf(name: string): Promise<number> {
    return eventually(
      async () => Number(readFileSync(join(this.pids, name), 'utf8')),
      (pid) => pid > 0,
      `the pid of ${name}`,
    );
  }

  /** What a job of `job` printed, from the data folder: <data>/<app>/<environment>/<job>/<name>/stdout.log. */
  stdoutOf(job: string, name: string): string {
    return readFileSync(join(this.dir, 'data', 'e2e', 'dev', job, name, 'stdout.log'), 'utf8');
  }

  /** Kills every scheduler and every job process still there, then removes the folder. */
  async cleanUp(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    for (const file of readdirSync(this.pids)) {
      try {
        process.kill(-Number(readFileSync(join(this.pids, file), 'utf8')), 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private radixconfig(): string {
    return `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata:
  name: e2e
spec:
  environments:
    - name: dev
  jobs:
    - name: work
      src: work
      schedulerPort: 8000
      command: ["node", "main.mjs"]
      variables:
        WORK_PID_DIR: ${JSON.stringify(this.pids)}${
          this.webhook
            ? `
      notifications:
        webhook: ${JSON.stringify(this.webhook)}`
            : ''
        }
    - name: compute
      src: compute
      schedulerPort: 8001
      payload:
        path: /compute/args
      command: ["node", "main.mjs"]
`;
  }
}
