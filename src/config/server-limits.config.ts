import type { Setting, SettingSources } from './setting-sources.config.js';

/** What the HTTP server of each scheduler lets one request, or all of them together, take. */
export interface ServerLimits {
  /** Bytes a request body may have (batches have their own, JOB_SCHEDULER_MAX_BATCH_BYTES). */
  maxBodyBytes: number;
  /** Time for a request's headers to arrive, from its first byte; then 408. */
  headersTimeoutMs: number;
  /** Time for a whole request, body included, to arrive; then 408. The answer may take longer (a wait, a stream). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open for the next request. */
  keepAliveTimeoutMs: number;
  /** Requests served at once, streams and waits included; past it, 503 with Retry-After. Probes and metrics are not counted. */
  maxConcurrentRequests: number;
  /** Of those, requests held open at once: event streams, followed logs and waits; past it, 503 with Retry-After. */
  maxStreams: number;
  /** Connections open at once; past it the one idle longest is closed, or, all busy, only probes are answered. */
  maxConnections: number;
  /** How long an answer may have bytes waiting that its client takes none of; then its connection is closed. */
  sendTimeoutMs: number;
  /** Bytes of request bodies read and held at once; a body that would pass it is a 503 with Retry-After. */
  maxBodyBytesInFlight: number;
}

/**
 * A 1 MiB payload can grow sixfold when JSON-escaped (`\u0000`); bodies up to that size reach
 * the payload check, which names the payload's own size in its 413.
 */
const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024 + 64 * 1024;

/**
 * A batch body costs about five times its size in memory while it is parsed and its jobs made:
 * 16 MiB of them, with the scheduler's own 120 MB, fits the chart's 256 MiB limit with room.
 */
export const DEFAULT_MAX_BATCH_BYTES = 16 * 1024 * 1024;

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  // Longer than the idle timeout of the proxies in front (ingress-nginx keeps upstream
  // connections 60 s): a backend that closes first races the proxy's next request, a 502.
  keepAliveTimeoutMs: 65_000,
  maxConcurrentRequests: 1000,
  maxStreams: 500,
  // The requests, and room for idle keep-alive connections besides.
  maxConnections: 1100,
  sendTimeoutMs: 60_000,
  maxBodyBytesInFlight: DEFAULT_MAX_BATCH_BYTES,
};

export const LIMIT_SETTINGS = {
  maxBodyBytes: { env: 'JOB_SCHEDULER_MAX_BODY_BYTES' },
  headersTimeout: { env: 'JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS' },
  requestTimeout: { env: 'JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS' },
  keepAliveTimeout: { env: 'JOB_SCHEDULER_KEEP_ALIVE_TIMEOUT_SECONDS' },
  maxConcurrentRequests: { env: 'JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS' },
  maxStreams: { env: 'JOB_SCHEDULER_MAX_STREAMS' },
  maxConnections: { env: 'JOB_SCHEDULER_MAX_CONNECTIONS' },
  sendTimeout: { env: 'JOB_SCHEDULER_SEND_TIMEOUT_SECONDS' },
  maxBodyBytesInFlight: { env: 'JOB_SCHEDULER_MAX_BODY_BYTES_IN_FLIGHT' },
  maxWaitingJobs: { env: 'JOB_SCHEDULER_MAX_WAITING_JOBS' },
} satisfies Record<string, Setting>;

/**
 * Reads the server limits; a bad one is recorded in `sources.problems` with the rest.
 * `maxBatchBytes`: the batch body limit, which the bodies held at once must have room for.
 */
export function readServerLimits(sources: SettingSources, maxBatchBytes = DEFAULT_MAX_BATCH_BYTES): ServerLimits {
  const seconds = (setting: Setting, fallbackMs: number) => sources.integer(setting, fallbackMs / 1000, 1, 3600) * 1000;
  const limits: ServerLimits = {
    maxBodyBytes: sources.integer(LIMIT_SETTINGS.maxBodyBytes, DEFAULT_LIMITS.maxBodyBytes, 1024, 1024 ** 3),
    headersTimeoutMs: seconds(LIMIT_SETTINGS.headersTimeout, DEFAULT_LIMITS.headersTimeoutMs),
    requestTimeoutMs: seconds(LIMIT_SETTINGS.requestTimeout, DEFAULT_LIMITS.requestTimeoutMs),
    keepAliveTimeoutMs: seconds(LIMIT_SETTINGS.keepAliveTimeout, DEFAULT_LIMITS.keepAliveTimeoutMs),
    maxConcurrentRequests: sources.integer(LIMIT_SETTINGS.maxConcurrentRequests, DEFAULT_LIMITS.maxConcurrentRequests, 1, 100_000),
    maxStreams: sources.integer(LIMIT_SETTINGS.maxStreams, DEFAULT_LIMITS.maxStreams, 1, 100_000),
    maxConnections: sources.integer(LIMIT_SETTINGS.maxConnections, DEFAULT_LIMITS.maxConnections, 1, 1_000_000),
    sendTimeoutMs: seconds(LIMIT_SETTINGS.sendTimeout, DEFAULT_LIMITS.sendTimeoutMs),
    maxBodyBytesInFlight: sources.integer(LIMIT_SETTINGS.maxBodyBytesInFlight, maxBatchBytes, 1024, 1024 ** 4),
  };
  // A body the other limits accept must fit, or it is refused for ever with "retry later".
  const largest = Math.max(maxBatchBytes, limits.maxBodyBytes);
  if (limits.maxBodyBytesInFlight < largest) {
    const { name } = sources.raw(LIMIT_SETTINGS.maxBodyBytesInFlight);
    sources.problems.push(`${name}=${limits.maxBodyBytesInFlight}: must be at least the largest body accepted (${largest} bytes)`);
  }
  // Node refuses a server whose headers may take longer than the whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    const headers = sources.raw(LIMIT_SETTINGS.headersTimeout).name;
    const request = sources.raw(LIMIT_SETTINGS.requestTimeout).name;
    sources.problems.push(
      `${headers}=${limits.headersTimeoutMs / 1000}: must not be more than ${request} (${limits.requestTimeoutMs / 1000})`,
    );
  }
  return limits;
}

/** Local runtime: jobs that may wait for a slot at once; past it, a create is refused with 503. */
export function readMaxWaitingJobs(sources: SettingSources): number {
  return sources.integer(LIMIT_SETTINGS.maxWaitingJobs, 10_000, 0, 1_000_000);
}
