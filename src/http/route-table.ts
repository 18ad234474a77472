import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RequestRefusedError } from './http.errors.js';

interface Route {
  pattern: RegExp;
  method: string;
  /** One digit per segment: 1 for a literal, 0 for a parameter; the higher rank is the more specific. */
  rank: string;
}

/**
 * Which methods a path has, to tell 405 from 404, from the routes the controllers declare
 * (Nest's own route metadata: the path and method each handler's decorators set), not from
 * the HTTP framework's router internals. Where a literal route and a parameter route both
 * match (`POST /api/v1/jobs/stop` and `GET /api/v1/jobs/:jobName`), the literal one owns the
 * path: the path has only its methods.
 */
export class RouteTable {
  private routes?: Route[];

  /** `modules` is read late: the controllers are known once the app has been built. */
  constructor(private readonly modules: () => ModulesContainer) {}

  methodsFor(path: string): string[] {
    const matching = this.matching(path);
    const best = matching.reduce((top, route) => (route.rank > top ? route.rank : top), '');
    return [...new Set(matching.filter((route) => route.rank === best).map((route) => route.method))].sort();
  }

  /**
   * Refuses with 405 a request that only a less specific route would take: `GET /api/v1/jobs/stop`
   * would otherwise reach `GET :jobName` with the name `stop`, though the path is the stop route's.
   */
  readonly middleware: RequestHandler = (request: Request, _response: Response, next: NextFunction) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const allowed = this.methodsFor(request.path);
    const shadowed = !allowed.includes(method) && this.matching(request.path).some((route) => route.method === method);
    if (!shadowed) return next();
    next(
      new RequestRefusedError(
        'MethodNotAllowed',
        `method ${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`,
        {
          Allow: allowed.join(', '),
        },
      ),
    );
  };

  private matching(path: string): Route[] {
    this.routes ??= routesOf(this.modules());
    return this.routes.filter((route) => route.pattern.test(path));
  }
}

function routesOf(modules: ModulesContainer): Route[] {
  const routes: Route[] = [];
  for (const module of modules.values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, metatype) as string | string[]].flat();
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (typeof handler !== 'function' || key === 'constructor') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        for (const prefix of base) for (const path of [paths].flat()) routes.push(routeOf(`${prefix}/${path}`, RequestMethod[method]));
      }
    }
  }
  return routes;
}

/** `api/v1/jobs/:jobName/stop` matches `/api/v1/jobs/<one segment>/stop`, with or without a trailing slash, as Express does. */
function routeOf(path: string, method: string): Route {
  const segments = path.split('/').filter(Boolean);
  const source = segments.map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return {
    pattern: new RegExp(`^/${source}/?$`, 'i'),
    method,
    rank: segments.map((segment) => (segment.startsWith(':') ? '0' : '1')).join(''),
  };
}
