import { Logger } from '@nestjs/common';
import { apiStatus } from './kube.errors.js';

/** How often the API server is asked whether it is there: readiness sees an outage within about two of these. */
export const PROBE_INTERVAL_MS = 1000;
/** A probe without an answer by then counts as failed: a server that hangs is as gone as one that refuses. */
export const PROBE_TIMEOUT_MS = 2000;

/**
 * Asks the API server for `/version` every second, so that readiness reports an outage even
 * when no request and no watch event happen to fail (watches only notice a lost server when
 * they next reconnect). Any answer below 500 counts as reachable (a 403 is a server that is there).
 */
export class ApiServerProbe {
  private readonly logger = new Logger(ApiServerProbe.name);
  private timer?: NodeJS.Timeout;
  private failure?: string;

  constructor(private readonly ask: () => Promise<unknown>) {}

  /** Why the API server counts as unreachable, or undefined while it answers. */
  get unreachable(): string | undefined {
    return this.failure;
  }

  /** Probes until stopped. The probe never keeps the process alive by itself (its timers are unref'd). */
  start(): void {
    const next = () => setTimeout(() => void loop(), PROBE_INTERVAL_MS).unref();
    const loop = async () => {
      await this.probe();
      if (this.timer) this.timer = next();
    };
    this.timer = next();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One probe; the next one starts only after this one has settled, so probes never pile up. */
  async probe(): Promise<void> {
    const failure = await this.attempt();
    if (failure && !this.failure) this.logger.warn(`Kubernetes API server unreachable: ${failure}`);
    if (!failure && this.failure) this.logger.log('Kubernetes API server reachable again');
    this.failure = failure;
  }

  private async attempt(): Promise<string | undefined> {
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref();
    });
    try {
      await Promise.race([this.ask(), timedOut]);
      return undefined;
    } catch (error) {
      const status = apiStatus(error);
      return status !== undefined && status < 500 ? undefined : (error as Error).message;
    } finally {
      clearTimeout(timeout);
    }
  }
}
