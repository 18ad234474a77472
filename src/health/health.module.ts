import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { RuntimeHealthIndicator } from './runtime.health.js';

@Module({})
export class HealthModule {
  /** `runtime` is the module that provides the JobGateway whose readiness is reported. */
  static register(runtime: Type<unknown>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), runtime],
      controllers: [HealthController],
      providers: [RuntimeHealthIndicator],
    };
  }
}
