import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { JobEventHub } from './job-event-hub.js';

/** The one event source, shared by the API, retention and webhooks of one scheduler. */
@Module({})
export class JobEventsModule {
  /** `runtime` is the module that provides the JobGateway whose changes become events. */
  static register(runtime: Type<unknown>): DynamicModule {
    return { module: JobEventsModule, imports: [runtime], providers: [JobEventHub], exports: [JobEventHub] };
  }
}
