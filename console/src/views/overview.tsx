import type { JobEvent, JobStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { StatusBadge, when } from '../format.js';
import { debounce, useEvents } from '../live.js';
import { onLink } from '../router.js';
import { QueuePanel } from './queue-panel.js';

const STATES = ['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'] as const;

/** The jobs after one event: it carries the job's whole state. */
function withEvent(jobs: JobStatus[], { event, job }: JobEvent): JobStatus[] {
  const others = jobs.filter((listed) => listed.name !== job.name);
  return event === 'deleted' ? others : [...others, job];
}

/**
 * Counts by status, the queue, and the latest failures with their reasons, kept current by the event
 * stream. The jobs are listed once (and again after a reset); each event then updates them,
 * since listing every job on every event costs the scheduler a whole list each time.
 */
export function Overview() {
  const [jobs, setJobs] = useState<JobStatus[]>();
  const [error, setError] = useState<string>();
  const asked = useRef(0);
  // Events that came while a list was on its way: the list may predate them.
  const missed = useRef<JobEvent[]>();
  const load = useMemo(
    () =>
      debounce(() => {
        const ask = ++asked.current;
        missed.current = [];
        api.listJobs().then(
          (page) => {
            if (ask !== asked.current) return;
            setJobs((missed.current ?? []).reduce(withEvent, page.items));
            setError(undefined);
            missed.current = undefined;
          },
          (e) => {
            if (ask !== asked.current) return;
            setError(describe(e));
            missed.current = undefined;
          },
        );
      }, 200),
    [],
  );
  useEffect(load, []);
  useEvents((event) => {
    if (event === 'reset') return load();
    missed.current?.push(event);
    setJobs((current) => current && withEvent(current, event));
  });
  const counts = STATES.map((state) => [state, jobs?.filter((job) => job.status === state).length ?? 0] as const);
  const failures = (jobs ?? [])
    .filter((job) => job.status === 'Failed' || job.status === 'Stopped')
    .sort((a, b) => b.ended.localeCompare(a.ended))
    .slice(0, 5);
  return (
    <section>
      <h1>Overview</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="counts" aria-label="Jobs by status">
        {counts.map(([state, count]) => (
          <li>
            <a href={`/jobs?status=${state}`} onClick={onLink}>
              <span class="count" data-count={state}>
                {jobs ? count : '…'}
              </span>{' '}
              <StatusBadge status={state} />
            </a>
          </li>
        ))}
      </ul>
      <QueuePanel />
      <h2>Latest failures</h2>
      {failures.length === 0 ? (
        <p>No job has failed or been stopped.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Ended</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((job) => (
              <tr>
                <td>
                  <a href={`/jobs/${job.name}`} onClick={onLink}>
                    {job.name}
                  </a>
                </td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>{job.reason ?? '—'}</td>
                <td>{when(job.ended)}</td>
                <td>{job.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
