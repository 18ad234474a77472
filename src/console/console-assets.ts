import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchedulerConfig } from '../config/scheduler.config.js';
import { PAGE_HEADERS } from '../http/page-headers.js';

/** Paths the API, the probes, the metrics, Swagger and the assets own: never the console's page, so their unknown routes stay 404s. */
const NOT_CONSOLE = /^\/(api|health|metrics|swagger|assets)(\/|-|$)/i;

/**
 * The console that `npm run build` puts into dist/public, served at / by each scheduler:
 * its assets as files, and its one page, with this scheduler's facts in it, for `/` and any
 * other path the API does not own. Without a built console nothing changes.
 */
export class ConsoleAssets {
  private readonly logger = new Logger(ConsoleAssets.name);
  private readonly page?: string;

  /** `folder`: where the built console is; dist/public unless a test says otherwise. */
  constructor(
    config: SchedulerConfig,
    private readonly folder = builtConsole(),
  ) {
    if (!this.folder) {
      this.logger.debug('no console: dist/public is not built');
      return;
    }
    const facts = {
      app: config.app,
      environment: config.environment,
      job: config.job.name,
      runtime: config.runtime,
      tokenRequired: config.http.apiToken !== undefined,
      peers: config.peers ?? [],
    };
    // `<` escaped so that no value can end the script element it sits in.
    const json = JSON.stringify(facts).replace(/</g, '\\u003c');
    this.page = readFileSync(join(this.folder, 'index.html'), 'utf8').replace('__CONSOLE_CONFIG__', () => json);
  }

  /** The built files under /assets; everything else goes on. */
  files(): RequestHandler {
    if (!this.folder) return (_request, _response, next) => next();
    const assets = express.static(this.folder, { index: false, fallthrough: true, immutable: true, maxAge: '365d' });
    return (request, response, next) => {
      if (request.path.startsWith('/assets/')) void assets(request, response, next);
      else next();
    };
  }

  /**
   * The console's page for a GET of any path outside the API, the probes, the metrics, Swagger
   * and the assets that no route has (the console routes in the browser); everything else goes on.
   */
  pages(isRoute: (path: string) => boolean): RequestHandler {
    const page = this.page;
    if (!page) return (_request, _response, next) => next();
    return (request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_CONSOLE.test(request.path) || isRoute(request.path)) return next();
      response.status(200).set(PAGE_HEADERS).type('html').send(page);
    };
  }
}

/** dist/public next to the compiled server (dist/), or beside src/ when the server runs from its sources (tests). */
function builtConsole(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '..', 'public'), join(here, '..', '..', 'dist', 'public')].find((folder) => existsSync(join(folder, 'index.html')));
}
