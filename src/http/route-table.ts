import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';

interface Route {
  pattern: RegExp;
  method: string;
}

/**
 * Which methods a path has, to tell 405 from 404, from the routes the controllers declare
 * (Nest's own route metadata: the path and method each handler's decorators set), not from
 * the HTTP framework's router internals.
 */
export class RouteTable {
  private routes?: Route[];

  /** `modules` is read late: the controllers are known once the app has been built. */
  constructor(private readonly modules: () => ModulesContainer) {}

  methodsFor(path: string): string[] {
    this.routes ??= routesOf(this.modules());
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method))].sort();
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
        for (const prefix of base)
          for (const path of [paths].flat()) routes.push({ pattern: patternOf(prefix, path), method: RequestMethod[method] });
      }
    }
  }
  return routes;
}

/** `api/v1/jobs` + `:jobName/stop` matches `/api/v1/jobs/<one segment>/stop`, with or without a trailing slash, as Express does. */
function patternOf(prefix: string, path: string): RegExp {
  const segments = `${prefix}/${path}`.split('/').filter(Boolean);
  const source = segments.map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^/${source}/?$`, 'i');
}
