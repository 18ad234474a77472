import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpSettings } from '../config/scheduler.config.js';
import { quoteHeader, RequestRefusedError } from './http.errors.js';

const ALLOWED_METHODS = 'GET, POST, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID';
const EXPOSED_HEADERS = 'Allow, Retry-After, WWW-Authenticate, X-Continue';

/**
 * Runs first, before body parsing, the token check or any route, and refuses what a browser
 * sends on behalf of a page the scheduler does not trust:
 * - a `Host` it does not answer to (DNS rebinding), when allowed hosts are set;
 * - an `Origin` that is neither its own nor allowed;
 * - `Sec-Fetch-Site: cross-site` or `same-site` from an origin that is not allowed; a
 *   `text/plain` POST without CORS ("no-cors") is marked so, and may carry no Origin;
 * - a body from a page that is not JSON: only non-browser clients (which send no Origin)
 *   get the "any content type is JSON" convenience.
 * Allowed origins get CORS answers, preflights included; nobody else gets CORS headers.
 */
export function browserGuard(settings: Pick<HttpSettings, 'allowedOrigins' | 'allowedHosts'>): RequestHandler {
  const origins = new Set(settings.allowedOrigins);
  const hosts = settings.allowedHosts && new Set(settings.allowedHosts);
  return (request: Request, response: Response, next: NextFunction) => {
    const { host, origin } = request.headers;
    const site = request.headers['sec-fetch-site'];
    if (hosts && host !== undefined && !hosts.has(hostName(host))) {
      return next(
        new RequestRefusedError(
          'Forbidden',
          `Host ${quoteHeader(host)} is not a name this scheduler answers to (JOB_SCHEDULER_ALLOWED_HOSTS lists more)`,
        ),
      );
    }
    const allowed = origin !== undefined && origins.has(origin);
    if (origins.size > 0) response.vary('Origin');
    if (origin !== undefined && !allowed && !isOwnOrigin(origin, host)) {
      return next(
        new RequestRefusedError(
          'Forbidden',
          `requests from pages of ${quoteHeader(origin)} are not allowed (JOB_SCHEDULER_ALLOWED_ORIGINS lists the origins that are)`,
        ),
      );
    }
    if (!allowed && (site === 'cross-site' || site === 'same-site') && !isPageVisit(request)) {
      return next(
        new RequestRefusedError('Forbidden', `cross-site requests from browsers are not allowed (Sec-Fetch-Site: ${quoteHeader(site)})`),
      );
    }
    if (allowed) {
      response.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) return preflight(response);
    }
    if (origin !== undefined && hasBody(request) && !isJson(request.headers['content-type'])) {
      const type = request.headers['content-type'];
      return next(
        new RequestRefusedError(
          'UnsupportedMediaType',
          `a request from a page must send Content-Type: application/json${type ? `, not ${quoteHeader(type)}` : ''}`,
        ),
      );
    }
    next();
  };
}

/**
 * Following a link to one of the scheduler's pages (the console, Swagger UI): a top-level GET
 * that loads a page and does nothing by itself; what that page then asks of the API is
 * same-origin. The API itself is never such a visit. The console links the job definitions
 * a process serves, each on its own port: to a browser those are other sites.
 */
function isPageVisit(request: Request): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    request.headers['sec-fetch-mode'] === 'navigate' &&
    request.headers['sec-fetch-dest'] === 'document' &&
    !/^\/api(\/|$)/i.test(request.path)
  );
}

function preflight(response: Response): void {
  response.vary('Access-Control-Request-Method').vary('Access-Control-Request-Headers');
  response.set({
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  });
  response.status(204).end();
}

/** The name part of a Host header, lowercased: `localhost:8000` is `localhost`, `[::1]:8000` is `[::1]`. */
export function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1) || lower;
  const colon = lower.lastIndexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}

/** A page served by this scheduler: the Origin names the host and port the request was sent to. */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host || !/^[a-z0-9.:[\]-]+$/i.test(host)) return false;
  try {
    const page = new URL(origin);
    return page.origin === origin && new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false; // `Origin: null` (sandboxed frames, file: pages) and garbage
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

function isJson(type: string | undefined): boolean {
  const media = (type ?? '').split(';')[0].trim().toLowerCase();
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}
