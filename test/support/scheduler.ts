import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import type { SchedulerConfig } from '../../src/config/scheduler.config.js';
import { eventually } from './eventually.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One JSON request to a scheduler at `url`, in process or not; the reply's body parsed. */
export async function requestJson<T = any>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Resolves once the scheduler at `url`, in process or not, answers `/health/ready` with 200. */
export async function untilReady(url: string, what = `readiness of ${url}`): Promise<void> {
  await eventually(
    () => requestJson(url, 'GET', '/health/ready'),
    (reply) => reply.status === 200,
    what,
  );
}

/** A scheduler app, built as main.ts builds it, listening on a free loopback port. */
export class RunningScheduler {
  constructor(
    readonly app: NestExpressApplication,
    readonly url: string,
    readonly config: SchedulerConfig,
  ) {}

  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>> {
    return requestJson<T>(this.url, method, path, body, headers);
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Resolves once `/health/ready` answers 200. */
  untilReady(): Promise<void> {
    return untilReady(this.url);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export interface StartOptions {
  /** `false`: resolve as soon as it listens, for a test that looks at it before it is ready. */
  waitForReady?: boolean;
}

/** A scheduler for `config`, ready to serve unless told not to wait; closed again if it never gets ready. */
export async function startScheduler(config: SchedulerConfig, { waitForReady = true }: StartOptions = {}): Promise<RunningScheduler> {
  const moduleRef = await Test.createTestingModule({ imports: [await AppModule.forScheduler(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const sut = new RunningScheduler(app, (await app.getUrl()).replace('[::1]', '127.0.0.1'), config);
  if (!waitForReady) return sut;
  try {
    await sut.untilReady();
  } catch (error) {
    await sut.close();
    throw error;
  }
  return sut;
}
