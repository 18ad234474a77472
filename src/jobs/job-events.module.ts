import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { JobEventHub } from './job-event-hub.js';

/** The one event source, shared by the API, retention, webhooks and metrics of one scheduler. */
@Module({})
export class JobEventsModule {
  private static readonly byRuntime = new Map<Type<unknown>, DynamicModule>();

  /**
   * `runtime` is the module that provides the JobGateway whose changes become events. Nest
   * tells dynamic modules apart by object, not by content: every importer must get the same
   * one, or each would get a hub of its own, numbering the same change differently.
   */
  static register(runtime: Type<unknown>): DynamicModule {
    let module = this.byRuntime.get(runtime);
    if (!module) {
      module = { module: JobEventsModule, imports: [runtime], providers: [JobEventHub], exports: [JobEventHub] };
      this.byRuntime.set(runtime, module);
    }
    return module;
  }
}
