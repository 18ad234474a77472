import { StateStore } from '../../src/jobs/state-store.js';

/** A StateStore in memory, shared by the "replicas" and "restarts" a spec makes from it. */
export class FakeStateStore extends StateStore {
  readonly values: Record<string, string> = {};

  async read(): Promise<Readonly<Record<string, string>>> {
    return { ...this.values };
  }

  async write(values: Readonly<Record<string, string>>): Promise<void> {
    Object.assign(this.values, values);
  }
}
