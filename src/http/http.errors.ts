/** Why the HTTP layer refused a request before any route saw it; never thrown by services. */
export type RefusalReason = 'Forbidden' | 'UnsupportedMediaType';

const STATUS: Record<RefusalReason, number> = { Forbidden: 403, UnsupportedMediaType: 415 };

export class RequestRefusedError extends Error {
  readonly status: number;

  constructor(
    readonly reason: RefusalReason,
    message: string,
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
