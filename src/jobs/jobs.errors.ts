/**
 * Failures of the domain, each with a code (refusals of the HTTP layer itself, such as a
 * missing token or a wrong method, are RequestRefusedError in src/http). Services and gateways throw
 * these; one filter maps codes to HTTP statuses, so no service knows about HTTP.
 */
export enum ErrorCode {
  Invalid = 'Invalid',
  TooLarge = 'RequestEntityTooLarge',
  NotFound = 'NotFound',
  BadRequest = 'BadRequest',
  Conflict = 'Conflict',
  Unavailable = 'ServiceUnavailable',
}

export class SchedulerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends SchedulerError {
  constructor(message: string) {
    super(ErrorCode.Invalid, message);
  }
}

export class PayloadTooLargeError extends SchedulerError {
  constructor(message: string) {
    super(ErrorCode.TooLarge, message);
  }
}

export class JobNotFoundError extends SchedulerError {
  constructor(readonly jobName: string) {
    super(ErrorCode.NotFound, `job ${jobName} not found`);
  }
}

export class JobNotActiveError extends SchedulerError {
  constructor(jobName: string, status: string) {
    super(ErrorCode.BadRequest, `job ${jobName} is ${status}; only Waiting or Running jobs can be stopped`);
  }
}

export class JobNotFinishedError extends SchedulerError {
  constructor(jobName: string, status: string) {
    super(ErrorCode.BadRequest, `job ${jobName} is ${status}; only a finished job can be restarted (stop it first)`);
  }
}

export class JobInBatchError extends SchedulerError {
  constructor(jobName: string, batchName: string) {
    super(
      ErrorCode.BadRequest,
      `job ${jobName} belongs to batch ${batchName}; a batch is deleted as a whole (DELETE /api/v1/batches/${batchName})`,
    );
  }
}

export class BatchNotFoundError extends SchedulerError {
  constructor(batchName: string) {
    super(ErrorCode.NotFound, `batch ${batchName} not found`);
  }
}

export class BatchNotFinishedError extends SchedulerError {
  constructor(batchName: string, unfinished: number) {
    super(
      ErrorCode.BadRequest,
      `batch ${batchName} has ${unfinished} unfinished jobs; only a finished batch can be restarted (stop it first)`,
    );
  }
}

export class BatchNotActiveError extends SchedulerError {
  constructor(batchName: string) {
    super(ErrorCode.BadRequest, `batch ${batchName} has no unfinished jobs to stop`);
  }
}

export class JobConflictError extends SchedulerError {
  constructor(message: string) {
    super(ErrorCode.Conflict, message);
  }
}

/**
 * Another create (on this replica or another) holds the Idempotency-Key: the answer is what
 * it makes, `holder` (a job or batch name), once that exists; a 409 when its request differs.
 */
export class KeyClaimedError extends SchedulerError {
  constructor(
    readonly holder: string,
    readonly request: string,
  ) {
    super(ErrorCode.Conflict, `Idempotency-Key: held by ${holder}`);
  }
}

/** The runtime (cluster, disk) cannot serve the request now; callers should retry later. */
export class RuntimeUnavailableError extends SchedulerError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(ErrorCode.Unavailable, message);
  }
}
