import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { ErrorCode, RuntimeUnavailableError, SchedulerError } from '../jobs/jobs.errors.js';
import { type RefusalReason, RequestRefusedError } from './http.errors.js';
import { NOT_UTF8 } from './utf8-body.js';

export type FailureReason = ErrorCode | RefusalReason | 'InternalError';

/** An error as the API reports it: Radix's Status fields plus the headers that go with it. */
export interface Failure {
  code: number;
  reason: FailureReason;
  message: string;
  headers: Record<string, string>;
  /** True for failures that are our bug, not the caller's; they are logged with a stack. */
  unexpected: boolean;
}

function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.Invalid:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.TooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.BadRequest:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertNever(code);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}

function failure(code: ErrorCode, message: string, headers: Record<string, string> = {}): Failure {
  return { code: httpStatusOf(code), reason: code, message, headers, unexpected: false };
}

/** Maps anything thrown while serving a request to the failure the caller sees. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof RuntimeUnavailableError) {
    return failure(error.code, error.message, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof SchedulerError) {
    return failure(error.code, error.message);
  }
  if (error instanceof RequestRefusedError) {
    return { code: error.status, reason: error.reason, message: error.message, headers: error.headers, unexpected: false };
  }
  const bodyError = describeBodyParserError(error);
  if (bodyError) return bodyError;
  if (error instanceof NotFoundException) {
    return failure(ErrorCode.NotFound, error.message.replace(/^Cannot (\S+) (.*)$/, 'no route $1 $2'));
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    return { ...failure(ErrorCode.BadRequest, error.message), code: error.getStatus() };
  }
  return { code: 500, reason: 'InternalError', message: 'internal error; see the scheduler log', headers: {}, unexpected: true };
}

/** body-parser rejects with errors that carry a `type`; they never reach Nest's filters. */
function describeBodyParserError(error: unknown): Failure | undefined {
  const { type, limit } = (error ?? {}) as { type?: string; limit?: number };
  switch (type) {
    case 'entity.too.large':
      return failure(ErrorCode.TooLarge, `request body is larger than ${limit} bytes`);
    case 'entity.parse.failed':
      return failure(ErrorCode.Invalid, `request body is not valid JSON${parsePosition(error as Error)}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      // RFC 9110: a content coding or charset the server does not take is a 415, not a bad body.
      return {
        code: 415,
        reason: 'UnsupportedMediaType',
        message: `request body: ${(error as Error).message}`,
        headers: {},
        unexpected: false,
      };
    case NOT_UTF8:
      return failure(ErrorCode.BadRequest, 'request body is not valid UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
      return failure(ErrorCode.BadRequest, `request body: ${(error as Error).message}`);
    default:
      return describeUnreadableBody(error);
  }
}

/**
 * What else body-parser rejects with: an http-errors error with a 4xx status and no `type`,
 * such as a gzip or br body that does not decompress. Its message is zlib's, never the body.
 */
function describeUnreadableBody(error: unknown): Failure | undefined {
  const { status, expose, message } = (error ?? {}) as { status?: number; expose?: boolean; message?: string };
  if (!expose || status === undefined || status < 400 || status >= 500) return undefined;
  if (status === 413) return failure(ErrorCode.TooLarge, `request body: ${message}`);
  if (status === 415)
    return { code: 415, reason: 'UnsupportedMediaType', message: `request body: ${message}`, headers: {}, unexpected: false };
  return failure(ErrorCode.BadRequest, `request body could not be read: ${message}`);
}

/** Where JSON.parse gave up, without the fragment of the body its message quotes. */
function parsePosition(error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  return position === undefined ? '' : ` (error at character ${position})`;
}
