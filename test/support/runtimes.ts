import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeKind, SchedulerConfig } from '../../src/config/scheduler.config.js';
import { aSchedulerConfig, type SchedulerConfigOverrides } from '../fakes/scheduler-config.fixture.js';
import { chartAccountKubeconfig } from './helm.js';
import { admin, createNamespace, deleteNamespace, eventually } from './kube-admin.js';
import { RoundRobinProxy } from './round-robin-proxy.js';
import { RunningScheduler, startScheduler } from './scheduler.js';

const SIM_JOB = resolve(dirname(fileURLToPath(import.meta.url)), 'sim-job.mjs');

/** What the runtime-neutral contract suite needs to know about one runtime. */
export interface RuntimeHarness {
  readonly name: RuntimeKind;
  /** What the suite's titles call it. */
  readonly label: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A job definition served from this harness's namespace or folder. */
  config(overrides?: SchedulerConfigOverrides): SchedulerConfig;
  /** The scheduler (or schedulers) under test for `config`, ready to serve. */
  start(config: SchedulerConfig): Promise<RunningScheduler>;
  /** The bytes of the payload file job `name` receives. */
  payloadOf(name: string): Promise<Buffer>;
  /** Whatever of job `name` is still stored: Kubernetes objects or files. */
  leftoversOf(name: string): Promise<string[]>;
  /**
   * Whether the request after a delete sees the job gone at once. Not through several
   * replicas: the next request reaches another replica, whose cache sees the delete when its
   * watch delivers it (README, Several replicas).
   */
  readonly deletesSeenAtOnce?: false;
}

export interface KubernetesHarnessOptions {
  /**
   * `chart`: schedulers run with a token of the ServiceAccount the Helm chart renders, bound
   * to its Role (created for real in the namespace), not as cluster-admin.
   */
  account?: 'admin' | 'chart';
}

export class KubernetesHarness implements RuntimeHarness {
  readonly name = 'kubernetes' as const;
  readonly label: string = 'kubernetes';
  namespace = '';
  private kubeconfig = process.env.KUBECONFIG;

  constructor(
    private readonly prefix: string,
    private readonly options: KubernetesHarnessOptions = {},
  ) {}

  async setUp() {
    this.namespace = await createNamespace(this.prefix);
    if (this.options.account === 'chart') this.kubeconfig = await chartAccountKubeconfig(this.namespace);
  }

  async tearDown() {
    await deleteNamespace(this.namespace);
  }

  config(overrides: SchedulerConfigOverrides = {}): SchedulerConfig {
    return aSchedulerConfig({
      runtime: 'kubernetes',
      kubernetes: { kubeconfig: this.kubeconfig, inCluster: false, namespace: this.namespace },
      ...overrides,
    });
  }

  start(config: SchedulerConfig): Promise<RunningScheduler> {
    return startScheduler(config);
  }

  async payloadOf(name: string): Promise<Buffer> {
    const secret = await admin().core.readNamespacedSecret({ name: `${name}-payload`, namespace: this.namespace });
    return Buffer.from(secret.data?.payload ?? '', 'base64');
  }

  async leftoversOf(name: string): Promise<string[]> {
    const { batch, core } = admin();
    const namespace = this.namespace;
    const [jobs, secrets, services, pods] = await Promise.all([
      batch.listNamespacedJob({ namespace }),
      core.listNamespacedSecret({ namespace }),
      core.listNamespacedService({ namespace }),
      core.listNamespacedPod({ namespace }),
    ]);
    return [
      ...jobs.items.map((o) => `job/${o.metadata!.name}`),
      ...secrets.items.map((o) => `secret/${o.metadata!.name}`),
      ...services.items.map((o) => `service/${o.metadata!.name}`),
      ...pods.items.map((o) => `pod/${o.metadata!.name}`),
    ].filter((object) => object.includes(name));
  }
}

export class LocalHarness implements RuntimeHarness {
  readonly name = 'local' as const;
  readonly label = 'local';
  dir = '';

  async setUp() {
    this.dir = mkdtempSync(join(tmpdir(), 'local-runtime-'));
    mkdirSync(join(this.dir, 'payloads'));
  }

  async tearDown() {
    rmSync(this.dir, { recursive: true, force: true });
  }

  config(overrides: SchedulerConfigOverrides = {}): SchedulerConfig {
    const { job, ...rest } = overrides;
    return aSchedulerConfig({
      runtime: 'local',
      configDir: this.dir,
      local: {
        dataDir: join(this.dir, 'data'),
        maxWaitingJobs: 10_000,
        maxOutputBytes: 65536,
        baseEnv: { PATH: process.env.PATH ?? '' },
        requestCommand: false,
        secrets: {},
      },
      queue: { maxConcurrentJobs: 8 },
      ...rest,
      job: {
        command: ['node', SIM_JOB],
        ...job,
        variables: { SIM_PAYLOAD_COPY_DIR: join(this.dir, 'payloads'), ...job?.variables },
      },
    });
  }

  start(config: SchedulerConfig): Promise<RunningScheduler> {
    return startScheduler(config);
  }

  payloadOf(name: string): Promise<Buffer> {
    const copy = join(this.dir, 'payloads', name);
    return eventually(
      async () => readFileSync(copy),
      () => true,
      `the payload copy of ${name}`,
    );
  }

  async leftoversOf(name: string): Promise<string[]> {
    const data = join(this.dir, 'data');
    if (!existsSync(data)) return [];
    const entries = readdirSync(data, { recursive: true, withFileTypes: false }).map(String);
    return entries.filter((entry) => entry.includes(name));
  }

  /** The files under the data folder whose content holds `text`. */
  async leftoversContaining(text: string): Promise<string[]> {
    const data = join(this.dir, 'data');
    const files = readdirSync(data, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    return files.map((file) => join(file.parentPath, file.name)).filter((path) => readFileSync(path, 'utf8').includes(text));
  }
}

/**
 * Kubernetes, three replicas of one job definition behind a round-robin proxy, as a team
 * that cannot lose its scheduler runs them: each request of the suite goes to the next
 * replica, so a job is made on one and read, stopped or deleted on another.
 */
export class KubernetesReplicasHarness extends KubernetesHarness {
  override readonly label = 'kubernetes, three replicas behind a round-robin proxy';
  readonly deletesSeenAtOnce = false;

  override start(config: SchedulerConfig): Promise<RunningScheduler> {
    return ReplicatedScheduler.start(config, 3);
  }
}

/** Several schedulers for one config, fronted by a RoundRobinProxy: `url` is the proxy's. */
export class ReplicatedScheduler extends RunningScheduler {
  private constructor(
    readonly replicas: RunningScheduler[],
    private readonly proxy: RoundRobinProxy,
    url: string,
  ) {
    super(replicas[0].app, url, replicas[0].config);
  }

  static async start(config: SchedulerConfig, count: number): Promise<ReplicatedScheduler> {
    // Each replica is ready on its own: the proxy must not send a request to one still syncing.
    const replicas = await Promise.all(Array.from({ length: count }, () => startScheduler(config)));
    const proxy = new RoundRobinProxy(replicas.map((replica) => replica.url));
    return new ReplicatedScheduler(replicas, proxy, await proxy.start());
  }

  override async close(): Promise<void> {
    await this.proxy.stop();
    await Promise.all(this.replicas.map((replica) => replica.close()));
  }
}
