import { Module } from '@nestjs/common';
import { AdmissionGate } from './admission-gate.js';
import { JobHolds } from './job-holds.js';
import { JobPlanner } from './job-planner.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { JobListJson } from './job-list-json.js';
import { LogStreams } from './log-streams.service.js';
import { Waiter } from './waiter.service.js';

@Module({
  controllers: [JobsController],
  providers: [Waiter, LogStreams, JobPlanner, JobsService, JobListJson, JobHolds, AdmissionGate],
  exports: [JobPlanner, JobHolds, AdmissionGate],
})
export class JobsModule {}
