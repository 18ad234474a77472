import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { ErrorCode, SchedulerError } from '../jobs/jobs.errors.js';

const TOKEN_IN_QUERY = 'token-in-query';

/**
 * Also takes the token as `?access_token=`, for routes a browser's EventSource reads: it
 * cannot send headers. The query string never reaches a log line (they name the path only).
 */
export const TokenInQuery = () => SetMetadata(TOKEN_IN_QUERY, true);

/**
 * With JOB_SCHEDULER_API_TOKEN set, every route it guards needs `Authorization: Bearer
 * <token>`. It guards controllers, not paths: Express matches paths without regard to case,
 * so a path test would let `/API/v1/jobs` through. Without the setting nothing is checked.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(
    config: SchedulerConfig,
    private readonly reflector: Reflector,
  ) {
    this.expected = config.http.apiToken ? digest(config.http.apiToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const inQuery = this.reflector.get<boolean>(TOKEN_IN_QUERY, context.getHandler()) ? request.query.access_token : undefined;
    const presented = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? (typeof inQuery === 'string' ? inQuery : undefined);
    // Comparing digests keeps both the token and its length out of the timing.
    if (presented && timingSafeEqual(digest(presented), this.expected)) return true;
    throw new SchedulerError(ErrorCode.Unauthorized, 'missing or wrong bearer token (Authorization: Bearer <token>)');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
