import { BatchV1Api, CoordinationV1Api, CoreV1Api, KubeConfig, Log, VersionApi, Watch } from '@kubernetes/client-node';
import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SchedulerConfig } from '../config/scheduler.config.js';

const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The API clients and the namespace this scheduler works in. */
@Injectable()
export class KubeClient {
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly coordination: CoordinationV1Api;
  /** `/version`: what the readiness probe asks. */
  readonly version: VersionApi;
  readonly watch: Watch;
  readonly log: Log;
  readonly namespace: string;

  constructor(config: SchedulerConfig) {
    const kubeConfig = new KubeConfig();
    const { kubeconfig, namespace } = config.kubernetes;
    if (kubeconfig) kubeConfig.loadFromFile(kubeconfig);
    else kubeConfig.loadFromCluster();
    this.batch = kubeConfig.makeApiClient(BatchV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
    this.version = kubeConfig.makeApiClient(VersionApi);
    this.watch = new Watch(kubeConfig);
    this.log = new Log(kubeConfig);
    this.namespace = namespace ?? defaultNamespace(kubeConfig, !kubeconfig);
    new Logger(KubeClient.name).log(`cluster=${kubeConfig.getCurrentCluster()?.server} namespace=${this.namespace}`);
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
