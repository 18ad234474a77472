import {
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  Log,
  ServerConfiguration,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { PooledConnections } from './connection-pool.js';

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The API clients and the namespace this scheduler works in. */
@Injectable()
export class KubeClient implements OnApplicationShutdown {
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly coordination: CoordinationV1Api;
  /** `/version`: what the readiness probe asks. */
  readonly version: VersionApi;
  readonly watch: Watch;
  readonly log: Log;
  readonly namespace: string;
  private readonly connections: PooledConnections;

  constructor(config: SchedulerConfig) {
    const kubeConfig = new KubeConfig();
    const { kubeconfig, namespace } = config.kubernetes;
    if (kubeconfig) kubeConfig.loadFromFile(kubeconfig);
    else kubeConfig.loadFromCluster();
    // makeApiClient, but with connections kept alive between requests (see PooledConnections).
    this.connections = new PooledConnections(kubeConfig);
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig names no current cluster');
    const api = createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: this.connections } });
    this.batch = new BatchV1Api(api);
    this.core = new CoreV1Api(api);
    this.coordination = new CoordinationV1Api(api);
    this.version = new VersionApi(api);
    this.watch = new Watch(kubeConfig);
    this.log = new Log(kubeConfig);
    this.namespace = namespace ?? defaultNamespace(kubeConfig, !kubeconfig);
    new Logger(KubeClient.name).log(`cluster=${server} namespace=${this.namespace}`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.connections.close();
  }
}

/** The in-cluster namespace, else the kubeconfig context's, else `default`. */
function defaultNamespace(kubeConfig: KubeConfig, inCluster: boolean): string {
  if (inCluster) {
    try {
      return readFileSync(IN_CLUSTER_NAMESPACE, 'utf8').trim();
    } catch {
      // fall through to the context's namespace
    }
  }
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
}
