import { Clock } from '../../src/jobs/clock.js';

/** The one clock of the specs: it reads `instant`, which a test sets or moves on. */
export class FixedClock extends Clock {
  constructor(public instant: Date = new Date('2024-05-01T10:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }
}
