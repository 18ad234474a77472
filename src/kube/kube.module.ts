import { Module } from '@nestjs/common';
import { JobGateway } from '../jobs/job.gateway.js';
import { KubeClient } from './kube-client.js';
import { KubeJobGateway } from './kube-job.gateway.js';

@Module({
  providers: [KubeClient, { provide: JobGateway, useClass: KubeJobGateway }],
  exports: [JobGateway],
})
export class KubeModule {}
