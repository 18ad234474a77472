import type { JobStatus } from '@job-scheduler/client';

/** `2021-04-07T09:08:37Z` as the reader's local time; `—` for none. */
export function when(timestamp: string | undefined): string {
  return timestamp ? new Date(timestamp).toLocaleString() : '—';
}

/** A time in the reader's local time, and in UTC, the zone the API, the logs and other readers share. */
export function LocalAndUtc({ timestamp }: { timestamp: string | null | undefined }) {
  if (!timestamp) return <>—</>;
  const utc = `${new Date(timestamp).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return (
    <time dateTime={timestamp}>
      {when(timestamp)} <span class="utc">({utc})</span>
    </time>
  );
}

export function duration(job: Pick<JobStatus, 'started' | 'ended'>): string {
  if (!job.started) return '—';
  const seconds = Math.round(((job.ended ? new Date(job.ended) : new Date()).getTime() - new Date(job.started).getTime()) / 1000);
  return seconds < 60
    ? `${seconds} s`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
      : `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status.toLowerCase()}`} data-status={status}>
      {status}
    </span>
  );
}
