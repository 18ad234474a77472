import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import type { SchedulerConfig } from '../../src/config/scheduler.config.js';

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

  close(): Promise<void> {
    return this.app.close();
  }
}

export async function startScheduler(config: SchedulerConfig): Promise<RunningScheduler> {
  const moduleRef = await Test.createTestingModule({ imports: [await AppModule.forScheduler(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return new RunningScheduler(app, (await app.getUrl()).replace('[::1]', '127.0.0.1'), config);
}
