/** Why the HTTP layer refused a request before (or instead of) a route; never thrown by services. */
export type RefusalReason = 'Unauthorized' | 'Forbidden' | 'NotFound' | 'MethodNotAllowed' | 'UnsupportedMediaType' | 'ServiceUnavailable';

const STATUS: Record<RefusalReason, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
  ServiceUnavailable: 503,
};

export class RequestRefusedError extends Error {
  readonly status: number;

  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** Headers the answer needs: WWW-Authenticate with a 401, Allow with a 405, Retry-After with a 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RequestRefusedError';
    this.status = STATUS[reason];
  }
}

/** A header value as it may appear in a message or a log line: quoted, escaped and cut short. */
export function quoteHeader(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
