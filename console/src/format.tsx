import type { JobStatus, QueuePlace, QueueReason } from '@job-scheduler/client';

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
  return seconds(Math.round(((job.ended ? new Date(job.ended) : new Date()).getTime() - new Date(job.started).getTime()) / 1000));
}

/** A span of seconds as people say it: `42 s`, `3 min 5 s`, `2 h 10 min`. */
export function seconds(count: number): string {
  return count < 60
    ? `${count} s`
    : count < 3600
      ? `${Math.floor(count / 60)} min ${count % 60} s`
      : `${Math.floor(count / 3600)} h ${Math.floor((count % 3600) / 60)} min`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
export function ordinal(n: number): string {
  const [tens, ones] = [n % 100, n % 10];
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

const WHY: Record<QueueReason, string> = { Capacity: 'capacity', BatchCapacity: "its batch's capacity", Paused: 'paused' };

/** Where a queued job waits and why: `3rd in queue: capacity`. */
export function QueuePlaceText({ place }: { place: QueuePlace }) {
  return (
    <span class="queue-place" data-queue-position={place.position} data-queue-reason={place.reason}>
      {ordinal(place.position)} in queue: {WHY[place.reason]}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status.toLowerCase()}`} data-status={status}>
      {status}
    </span>
  );
}
