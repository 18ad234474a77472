import { SchedulerApiError, SchedulerClient } from '@job-scheduler/client';

/** What the scheduler tells its console, in the page it serves (see src/console on the server). */
export interface ConsoleConfig {
  app: string;
  environment: string;
  job: string;
  runtime: 'kubernetes' | 'local';
  tokenRequired: boolean;
  /** The other job definitions this process serves, each on its own port. */
  peers: { job: string; port: number }[];
}

export const config = JSON.parse(document.getElementById('console-config')?.textContent ?? '{}') as ConsoleConfig;

const TOKEN_KEY = 'job-scheduler-token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

const refusals = new Set<() => void>();

/** Calls `listener` whenever the scheduler refuses the session's token; returns how to stop. */
export function onUnauthorized(listener: () => void): () => void {
  refusals.add(listener);
  return () => {
    refusals.delete(listener);
  };
}

/**
 * Every call of the console goes through here, so that a token gone bad (changed or revoked on
 * the scheduler) ends the session wherever it shows, and the console asks for a new one. Only
 * a refusal of the token the session still holds counts: a slow answer to a call made with an
 * older token must not end a newer session.
 */
async function fetchOfSession(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const sent = new Headers(input instanceof Request ? input.headers : init?.headers).get('Authorization');
  const response = await fetch(input, init);
  if (response.status === 401 && sent !== null && sent === `Bearer ${session.token()}`) {
    session.signOut();
    refusals.forEach((listener) => listener());
  }
  return response;
}

/** The console's one client: same origin, the token of the session. */
export const api = new SchedulerClient({ baseUrl: '', token: session.token, fetch: fetchOfSession });

/** The API's own words for what went wrong. */
export function describe(error: unknown): string {
  if (error instanceof SchedulerApiError) return `${error.message} (${error.status}${error.body.reason ? ` ${error.body.reason}` : ''})`;
  return error instanceof Error ? error.message : String(error);
}
