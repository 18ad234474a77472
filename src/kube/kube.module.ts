import { Module } from '@nestjs/common';
import { JobGateway } from '../jobs/job.gateway.js';
import { Leadership } from '../jobs/leadership.js';
import { KubeClient } from './kube-client.js';
import { KubeJobGateway } from './kube-job.gateway.js';
import { LeaseLeadership } from './lease-leadership.js';

@Module({
  providers: [KubeClient, { provide: JobGateway, useClass: KubeJobGateway }, { provide: Leadership, useClass: LeaseLeadership }],
  exports: [JobGateway, Leadership],
})
export class KubeModule {}
