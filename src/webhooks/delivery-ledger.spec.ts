import { describe, expect, it } from '@jest/globals';
import { FakeJobGateway } from '../../test/fakes/fake-job.gateway.js';
import { FixedClock } from '../../test/fakes/fixed-clock.js';
import { aJob } from '../../test/fakes/job-record.fixture.js';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { JobHolds } from '../jobs/job-holds.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import { RetentionService } from '../retention/retention.service.js';
import { DeliveryLedger } from './delivery-ledger.js';

const NOW = new Date('2026-01-01T12:00:00Z');

interface HeldCase {
  name: string;
  webhook?: string;
  /** Minutes before NOW that the old job ended. */
  endedMinutesAgo: number;
  kept: boolean;
}

/** An old job whose webhook was never told of its end, beside a newer one that takes the only place. */
const heldCases: HeldCase[] = [
  {
    name: 'keeps it while its webhook may still be told, within the retry window',
    webhook: 'http://receiver/hooks',
    endedMinutesAgo: 30,
    kept: true,
  },
  { name: 'deletes it once the retry window has passed', webhook: 'http://receiver/hooks', endedMinutesAgo: 61, kept: false },
  { name: 'deletes it when no webhook is configured any more', endedMinutesAgo: 1, kept: false },
];

describe('DeliveryLedger holds a job from retention', () => {
  it.each(heldCases)('$name', async ({ webhook, endedMinutesAgo, kept }) => {
    const minutesAgo = (m: number) => NOW.getTime() - m * 60_000;
    const old = aJob({ name: 'untold', status: 'Succeeded', ended: minutesAgo(endedMinutesAgo), delivered: 'Running/0/0' });
    const gateway = new FakeJobGateway([old, aJob({ name: 'newer', status: 'Succeeded', ended: minutesAgo(0) })]);
    const base = aSchedulerConfig({ retention: { succeeded: 1, failed: 1, batches: 1, intervalSeconds: 60, abandonedAfterSeconds: 300 } });
    const config = aSchedulerConfig({ ...base, job: { ...base.job, webhook } });
    const holds = new JobHolds();
    new DeliveryLedger(gateway, config, holds, new SchedulerMetrics());
    await new RetentionService(gateway, config, new FixedClock(NOW), holds).enforce(NOW);
    expect(gateway.jobs.has('untold')).toBe(kept);
  });
});
