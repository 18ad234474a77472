import { Injectable, Logger } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from './clock.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { buildJobSpec } from './job-spec.js';
import { refuseUntrusted } from './request-trust.js';
import { newJobName } from './job-name.js';
import { JobGateway } from './job.gateway.js';
import { isFinished, type JobRecord } from './job.model.js';
import { DNS_LABEL } from '../validation/validators.js';
import { InvalidRequestError, JobConflictError, JobNotActiveError, JobNotFoundError, PayloadTooLargeError } from './jobs.errors.js';

export const MAX_PAYLOAD_BYTES = 1024 * 1024;
const NAME_ATTEMPTS = 3;

@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly gateway: JobGateway,
    private readonly config: SchedulerConfig,
    private readonly clock: Clock,
  ) {}

  async create(request: JobScheduleDescription): Promise<JobRecord> {
    refuseUntrusted(this.config, request);
    const payload = this.payloadBytes(request.payload);
    for (let attempt = 1; ; attempt++) {
      const name = newJobName(this.config.job.name, this.clock.now());
      try {
        const job = await this.gateway.create(buildJobSpec(this.config, request, name, payload));
        this.logger.log(`job created name=${name} payloadBytes=${payload?.length ?? 0}`);
        return job;
      } catch (error) {
        if (!(error instanceof JobConflictError) || attempt === NAME_ATTEMPTS) throw error;
        this.logger.warn(`job name taken, drawing another name=${name}`);
      }
    }
  }

  list(): Promise<JobRecord[]> {
    return this.gateway.list();
  }

  async get(name: string): Promise<JobRecord> {
    this.checkName(name);
    const job = await this.gateway.get(name);
    if (!job) throw new JobNotFoundError(name);
    return job;
  }

  async delete(name: string): Promise<void> {
    this.checkName(name);
    await this.gateway.delete(name);
    this.logger.log(`job deleted name=${name}`);
  }

  async stop(name: string): Promise<JobRecord> {
    this.checkName(name);
    const job = await this.gateway.stop(name);
    this.logger.log(`job stopped name=${name}`);
    return job;
  }

  /**
   * Stops every job that has not finished; returns how many were stopped. Jobs that finish
   * or vanish meanwhile are no failure; any other failed stop is thrown once all were tried.
   */
  async stopAll(): Promise<number> {
    const active = (await this.gateway.list()).filter((job) => !isFinished(job.status));
    const results = await Promise.allSettled(active.map((job) => this.gateway.stop(job.name)));
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected' && !(result.reason instanceof JobNotActiveError || result.reason instanceof JobNotFoundError)
        ? [{ name: active[i].name, error: result.reason as Error }]
        : [],
    );
    const stopped = results.filter((result) => result.status === 'fulfilled').length;
    this.logger.log(`jobs stopped count=${stopped} of=${active.length} failed=${failed.length}`);
    if (failed.length > 0) {
      this.logger.warn(`could not stop ${failed.map((f) => f.name).join(', ')}: ${failed[0].error.message}`);
      throw failed[0].error;
    }
    return stopped;
  }

  /** A name this job definition cannot have made is not found, without asking the runtime. */
  private checkName(name: string): void {
    if (name.length > 63 || !DNS_LABEL.test(name) || !name.startsWith(`${this.config.job.name}-`)) {
      throw new JobNotFoundError(name);
    }
  }

  /** The payload as the bytes the job will read, after the checks the seed promises. */
  private payloadBytes(payload: string | undefined): Buffer | undefined {
    const { name, payloadPath } = this.config.job;
    if (!payloadPath) {
      if (payload) throw new InvalidRequestError(`payload: job ${name} takes no payload (radixconfig.yaml sets no payload.path for it)`);
      return undefined;
    }
    const text = payload ?? '';
    if (!text.isWellFormed()) throw new InvalidRequestError('payload: must be valid Unicode text (it contains a lone surrogate)');
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > MAX_PAYLOAD_BYTES) {
      throw new PayloadTooLargeError(`payload: ${bytes.length} bytes of UTF-8; at most ${MAX_PAYLOAD_BYTES} (1 MiB) are allowed`);
    }
    return bytes;
  }
}
