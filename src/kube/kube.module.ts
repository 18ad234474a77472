import { Module } from '@nestjs/common';
import { JobGateway } from '../jobs/job.gateway.js';
import { Leadership } from '../jobs/leadership.js';
import { KubeClient } from './kube-client.js';
import { KubeJobGateway } from './kube-job.gateway.js';
import { LeaseLeadership } from './lease-leadership.js';
import { KubeStateStore } from './kube-state.store.js';
import { StateStore } from '../jobs/state-store.js';

@Module({
  providers: [
    KubeClient,
    { provide: JobGateway, useClass: KubeJobGateway },
    { provide: Leadership, useClass: LeaseLeadership },
    { provide: StateStore, useClass: KubeStateStore },
  ],
  exports: [JobGateway, Leadership, StateStore],
})
export class KubeModule {}
