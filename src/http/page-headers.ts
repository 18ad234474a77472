import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * What a page the scheduler serves gets: no framing by other sites, scripts and everything
 * else from this origin only, no sniffing of types, no referrer beyond it.
 */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/**
 * The same for Swagger UI (`/swagger`, its files, `/swagger-json`), whose page carries an
 * inline stylesheet: styles may be inline there, scripts still come from this origin only.
 */
export function swaggerPageHeaders(): RequestHandler {
  const headers = {
    ...PAGE_HEADERS,
    'Content-Security-Policy': PAGE_HEADERS['Content-Security-Policy'].replace(
      "default-src 'self';",
      "default-src 'self'; style-src 'self' 'unsafe-inline';",
    ),
  };
  return (request: Request, response: Response, next: NextFunction) => {
    if (/^\/swagger(\/|-json$|$)/i.test(request.path)) response.set(headers);
    next();
  };
}
