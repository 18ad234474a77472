import { Module } from '@nestjs/common';
import { JobGateway } from '../jobs/job.gateway.js';
import { Leadership, SoleLeadership } from '../jobs/leadership.js';
import { JobRunner } from './job-runner.js';
import { JobStore } from './job-store.js';
import { LocalJobGateway } from './local-job.gateway.js';
import { LocalStateStore } from './local-state.store.js';
import { StateStore } from '../jobs/state-store.js';
import { LocalRuntimeOptions } from './local-runtime.options.js';

/** The local runtime: jobs as child processes of the scheduler, their records on disk. */
@Module({
  providers: [
    { provide: LocalRuntimeOptions, useValue: new LocalRuntimeOptions() },
    JobStore,
    JobRunner,
    { provide: JobGateway, useClass: LocalJobGateway },
    // One process owns its data folder: it does the single-writer work itself.
    { provide: Leadership, useClass: SoleLeadership },
    { provide: StateStore, useClass: LocalStateStore },
  ],
  exports: [JobGateway, Leadership, StateStore],
})
export class LocalModule {}
