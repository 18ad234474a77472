import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../jobs/jobs.errors.js';
import { describeFailure, type Failure } from './failure.js';
import type { RouteTable } from './route-table.js';

/**
 * The one place where errors become responses: Radix's `Status` body with the HTTP status
 * equal to its `code`, for every route, unknown ones and wrong methods included.
 */
@Catch()
export class StatusFilter implements ExceptionFilter {
  private readonly logger = new Logger(StatusFilter.name);

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Express error middleware for what fails before Nest's router (the JSON body parser). */
  readonly middleware = (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    this.send(error, request, response);
  };

  private send(exception: unknown, request: Request, response: Response): void {
    if (exception instanceof ServiceUnavailableException && request.path.startsWith('/health/')) {
      // A probe that is down answers in terminus's own format, which tools that read probes expect.
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const failure = this.wrongMethod(describeFailure(exception), request);
    // The path only: a query string may carry a token (?access_token=).
    const where = `${request.method} ${escapeControls(request.path)}`;
    if (failure.unexpected) this.logger.error(`${where} failed`, (exception as Error)?.stack ?? String(exception));
    else this.logger.debug(`${where} -> ${failure.code} ${failure.reason}: ${escapeControls(failure.message)}`);
    response.status(failure.code).set(failure.headers).json({
      status: 'Failure',
      message: failure.message,
      reason: failure.reason,
      code: failure.code,
    });
  }

  /** A path that exists under another method answers 405 with Allow, not 404. */
  private wrongMethod(failure: Failure, request: Request): Failure {
    if (failure.reason !== ErrorCode.NotFound || !failure.message.startsWith('no route')) return failure;
    const allowed = this.routes.methodsFor(request.path);
    if (allowed.length === 0) return failure;
    return {
      ...failure,
      code: 405,
      reason: 'MethodNotAllowed',
      message: `method ${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`,
      headers: { Allow: allowed.join(', ') },
    };
  }
}

/** A value from a request, as it may appear in one log line: line breaks, NUL and other controls escaped. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
