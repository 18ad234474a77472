import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { StateStore } from '../jobs/state-store.js';
import { MERGE_PATCH } from './job-writer.js';
import { KubeClient } from './kube-client.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import { ownLabels } from './labels.js';

/**
 * The state store on Kubernetes: a ConfigMap of the job definition, `<job>-scheduler-state`.
 * Each write is a merge patch of its own keys, so replicas writing different keys (a pause on
 * one, the leader's last firing on another) lose none; the first write creates it.
 */
@Injectable()
export class KubeStateStore extends StateStore {
  private readonly name: string;
  private readonly labels: Record<string, string>;

  constructor(
    private readonly kube: KubeClient,
    config: SchedulerConfig,
  ) {
    super();
    this.name = `${config.job.name}-scheduler-state`;
    this.labels = ownLabels(config);
  }

  async read(): Promise<Readonly<Record<string, string>>> {
    try {
      return (await this.kube.core.readNamespacedConfigMap({ name: this.name, namespace: this.kube.namespace })).data ?? {};
    } catch (error) {
      if (apiStatus(error) === 404) return {};
      throw fromApiError(error, this.name);
    }
  }

  async write(values: Readonly<Record<string, string>>): Promise<void> {
    const { name, kube } = this;
    const namespace = kube.namespace;
    try {
      await kube.core.patchNamespacedConfigMap({ name, namespace, body: { data: values } }, MERGE_PATCH);
    } catch (error) {
      if (apiStatus(error) !== 404) throw fromApiError(error, name);
      const body = { metadata: { name, labels: this.labels }, data: { ...values } };
      await kube.core.createNamespacedConfigMap({ namespace, body }).catch(async (created: unknown) => {
        // Another replica created it meanwhile: patch that one.
        if (apiStatus(created) !== 409) throw fromApiError(created, name);
        await kube.core.patchNamespacedConfigMap({ name, namespace, body: { data: values } }, MERGE_PATCH);
      });
    }
  }
}
