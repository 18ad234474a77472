import { CoordinationV1Api } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin, eventually } from './kube-admin.js';
import { freePort, SchedulerProcess } from './process.js';
import type { KubernetesHarness } from './runtimes.js';

/**
 * Scheduler processes of one job definition in the harness's namespace, as a team runs its
 * replicas: each `node dist/main.js` on a port of its own, started from one radixconfig.yaml, and
 * electing a leader with the Lease `job-scheduler-<app>-<environment>-<job>`.
 */
export class ReplicaProcesses {
  readonly replicas: SchedulerProcess[] = [];
  readonly urls: string[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'replicas-'));

  private constructor(
    private readonly harness: KubernetesHarness,
    private readonly lease: string,
  ) {}

  static async start(
    harness: KubernetesHarness,
    options: { radixconfig: string; lease: string; count: number; env?: Record<string, string> },
  ): Promise<ReplicaProcesses> {
    const team = new ReplicaProcesses(harness, options.lease);
    const config = join(team.dir, 'radixconfig.yaml');
    writeFileSync(config, options.radixconfig);
    for (let i = 0; i < options.count; i++) {
      const port = await freePort();
      team.replicas.push(
        SchedulerProcess.start([], {
          KUBECONFIG: process.env.KUBECONFIG!,
          JOB_SCHEDULER_NAMESPACE: harness.namespace,
          RADIX_CONFIG_FILE: config,
          JOB_SCHEDULER_PORT: String(port),
          ...options.env,
        }),
      );
      team.urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(team.replicas.map((replica, i) => replica.ready(team.urls[i])));
    return team;
  }

  /** The identity holding the Lease now. */
  async holder(): Promise<string | undefined> {
    const lease = await admin()
      .config.makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: this.lease, namespace: this.harness.namespace });
    return lease.spec?.holderIdentity;
  }

  /** Which replica an identity is (its pid is in it), or -1. */
  replicaOf(identity: string | undefined): number {
    return this.replicas.findIndex((replica) => identity?.includes(`-${replica.child.pid}-`));
  }

  /** The replica that leads, once one does. */
  async leader(): Promise<number> {
    return this.replicaOf(
      await eventually(
        () => this.holder(),
        (identity) => this.replicaOf(identity) >= 0,
        'a leader',
      ),
    );
  }

  /** The replica that leads after `old`, once another does. */
  async successorOf(old: number): Promise<number> {
    const identity = await eventually(
      () => this.holder(),
      (held) => ![-1, old].includes(this.replicaOf(held)),
      'another replica to take the Lease',
      { timeoutMs: 60_000 },
    );
    return this.replicaOf(identity);
  }

  async kill(index: number): Promise<void> {
    this.replicas[index].child.kill('SIGKILL');
    await this.replicas[index].exited;
  }

  /** The urls of the replicas still alive. */
  alive(): string[] {
    return this.urls.filter((_, i) => this.replicas[i].child.exitCode === null && this.replicas[i].child.signalCode === null);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
