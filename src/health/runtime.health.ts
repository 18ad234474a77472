import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { JobGateway } from '../jobs/job.gateway.js';

/** Ready once the runtime can answer from current state (on Kubernetes: the watch cache has synced). */
@Injectable()
export class RuntimeHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly gateway: JobGateway,
  ) {}

  check() {
    const session = this.indicators.check('runtime');
    const { ready, reason } = this.gateway.readiness();
    return ready ? session.up() : session.down({ message: reason ?? 'not ready' });
  }
}
