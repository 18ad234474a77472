import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { untilReady } from './scheduler.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `node dist/main.js` as an operator starts it, with its output collected. */
export class SchedulerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(args: string[], env: Record<string, string>): SchedulerProcess {
    const child = spawn(process.execPath, ['dist/main.js', ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new SchedulerProcess(child);
  }

  get text(): string {
    return this.output.join('');
  }

  async ready(url: string): Promise<void> {
    await untilReady(url, `readiness of ${url}\n${this.text}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
