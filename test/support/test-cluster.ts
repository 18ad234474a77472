import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const LAUNCHER = resolve(dirname(fileURLToPath(import.meta.url)), '../cluster/bin/testcluster');
const START_TIMEOUT_MS = 180_000;

/** The launcher's one line on stdout once the control plane is ready. */
export interface ClusterInfo {
  ready: true;
  kubeconfig: string;
  server: string;
  token: string;
  dir: string;
}

export interface TestClusterOptions {
  /**
   * Extra kube-apiserver flags for a control plane of a test's own, e.g. `--watch-cache=false`;
   * they come after the launcher's own flags and so override them.
   */
  apiServerArgs?: string[];
}

/**
 * One run of the test control plane (test/cluster): real kube-apiserver and Job controller,
 * simulated kubelet. Its stdin stays open: if this process dies, the launcher sees EOF and
 * takes the cluster down with it.
 */
export class TestCluster {
  private readonly stderr: string[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly info: ClusterInfo,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  static async start(options: TestClusterOptions = {}): Promise<TestCluster> {
    if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run cluster:build\` first`);
    const args = (options.apiServerArgs ?? []).map((arg) => `--apiserver-arg=${arg}`);
    const child = spawn(LAUNCHER, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    const collect = (chunk: Buffer) => stderr.push(chunk.toString());
    child.stderr.on('data', collect);
    const info = await readyLine(child, () => stderr.join('').split('\n').slice(-40).join('\n'));
    child.stderr.off('data', collect);
    return new TestCluster(child, info);
  }

  /** Restarts kube-apiserver (same port, same etcd) and resolves once the new one is ready. */
  restartApiServer(): Promise<void> {
    return this.signal('SIGUSR1', 'kube-apiserver restarted');
  }

  /** SIGKILLs kube-apiserver, as a crash would, and resolves once it is gone; it stays down until revived. */
  killApiServer(): Promise<void> {
    return this.signal('SIGUSR2', 'kube-apiserver killed');
  }

  /** Starts the killed kube-apiserver again (same port, same etcd) and resolves once it is ready. */
  reviveApiServer(): Promise<void> {
    return this.signal('SIGUSR2', 'kube-apiserver revived');
  }

  /** Sends the launcher a signal and resolves once its stderr says `done`. */
  private signal(signal: NodeJS.Signals, done: string): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      const onExit = () => reject(new Error(`test cluster exited while waiting for "${done}":\n${this.stderr.join('')}`));
      const onData = (chunk: Buffer) => {
        if (!chunk.toString().includes(done)) return;
        this.child.stderr!.off('data', onData);
        this.child.off('exit', onExit);
        resolvePromise();
      };
      this.child.stderr!.on('data', onData);
      this.child.once('exit', onExit);
      this.child.kill(signal);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolvePromise) => this.child.once('exit', resolvePromise));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

function readyLine(child: ChildProcess, tail: () => string): Promise<ClusterInfo> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(`not ready after ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`test cluster ${why}\n${tail()}`));
    };
    child.once('exit', (code) => fail(`exited with ${code} before it was ready`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      try {
        resolvePromise(JSON.parse(line) as ClusterInfo);
      } catch {
        fail(`printed an unexpected line: ${line}`);
      }
    });
  });
}

declare global {
  var testCluster: TestCluster | undefined;
}

/**
 * Jest's global setup (this file is both: global setup cannot import siblings through the
 * `.js` mapping the tests use). Starts the control plane once per run and exports
 * KUBECONFIG to every test worker.
 */
export default async function startSharedCluster(): Promise<void> {
  const cluster = await TestCluster.start();
  globalThis.testCluster = cluster;
  process.env.KUBECONFIG = cluster.info.kubeconfig;
}
