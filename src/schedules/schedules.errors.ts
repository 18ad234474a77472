import { ErrorCode, SchedulerError } from '../jobs/jobs.errors.js';

export class ScheduleNotFoundError extends SchedulerError {
  constructor(id: string) {
    super(ErrorCode.NotFound, `schedule ${id} not found (GET /api/v1/schedules lists them)`);
  }
}

/** A run asked for by hand while the policy is Forbid and a run of the definition's schedules is unfinished. */
export class RunForbiddenError extends SchedulerError {
  constructor(expression: string, unfinished: string[]) {
    super(
      ErrorCode.Conflict,
      `schedule ${JSON.stringify(expression)} forbids concurrent runs, and ${unfinished.length} run${unfinished.length === 1 ? ' is' : 's are'} unfinished: ${unfinished.slice(0, 3).join(', ')}`,
    );
  }
}
