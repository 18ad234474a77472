import { type DynamicModule, Module } from '@nestjs/common';
import type { RuntimeKind } from './config/scheduler.config.js';
import { JobEventHub } from './jobs/job-event-hub.js';
import { LocalModule } from './local/local.module.js';

/**
 * The runtime of one scheduler, chosen once from its settings: the JobGateway, the
 * leadership, and the one event hub the gateway feeds. Global, so that every feature module
 * injects them without importing a runtime. The Kubernetes module is loaded only when chosen:
 * its client costs a local scheduler about 80 MB and a slower start for nothing.
 */
@Module({})
export class RuntimeModule {
  static async forRuntime(kind: RuntimeKind): Promise<DynamicModule> {
    const runtime = kind === 'kubernetes' ? (await import('./kube/kube.module.js')).KubeModule : LocalModule;
    return {
      module: RuntimeModule,
      global: true,
      imports: [runtime],
      providers: [JobEventHub],
      exports: [runtime, JobEventHub],
    };
  }
}
