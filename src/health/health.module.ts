import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { RuntimeHealthIndicator } from './runtime.health.js';

/** Liveness and readiness; readiness is the runtime's, through the JobGateway the runtime module provides. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [RuntimeHealthIndicator],
})
export class HealthModule {}
