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

export const config: ConsoleConfig = JSON.parse(document.getElementById('console-config')?.textContent ?? '{}');

const TOKEN_KEY = 'job-scheduler-token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** The console's one client: same origin, the token of the session. */
export const api = new SchedulerClient({ baseUrl: '', token: session.token });

/** The API's own words for what went wrong. */
export function describe(error: unknown): string {
  if (error instanceof SchedulerApiError) return `${error.message} (${error.status}${error.body.reason ? ` ${error.body.reason}` : ''})`;
  return error instanceof Error ? error.message : String(error);
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof SchedulerApiError && error.status === 401;
}
