import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { ErrorCode, SchedulerError } from '../jobs/jobs.errors.js';

/**
 * With JOB_SCHEDULER_API_TOKEN set, every /api request needs `Authorization: Bearer <token>`.
 * Probes and the Swagger document stay open. Without the setting, nothing is checked.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: SchedulerConfig) {
    this.expected = config.http.apiToken ? Buffer.from(config.http.apiToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.expected || !request.path.startsWith('/api/')) return true;
    const presented = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (presented && this.matches(Buffer.from(presented))) return true;
    throw new SchedulerError(ErrorCode.Unauthorized, 'missing or wrong bearer token (Authorization: Bearer <token>)');
  }

  private matches(presented: Buffer): boolean {
    return presented.length === this.expected!.length && timingSafeEqual(presented, this.expected!);
  }
}
