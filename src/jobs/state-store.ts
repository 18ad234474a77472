/**
 * Small named values a feature keeps across restarts and shares between replicas (a pause,
 * the last time a schedule fired), kept by the runtime: a ConfigMap on Kubernetes, a file
 * locally. Each key is written on its own, so replicas that write different keys lose none.
 */
export abstract class StateStore {
  /** Every value, by key; a key never written is absent. Throws RuntimeUnavailableError. */
  abstract read(): Promise<Readonly<Record<string, string>>>;

  /** Writes the given keys and leaves the others as they are. Throws RuntimeUnavailableError. */
  abstract write(values: Readonly<Record<string, string>>): Promise<void>;
}
