import type { JobEvent, JobStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { Pager, usePages } from '../pager.js';
import { QueuePlaceText, StatusBadge, when } from '../format.js';
import { debounce, useEvents } from '../live.js';
import { movesQueue, withPlaceKept } from '../queue.js';
import { navigate, onLink, useLocation } from '../router.js';

const PAGE = 50;

/** Whether `a` comes before `b` in the list: newest first, then by name backwards, as the scheduler pages. */
function before(a: JobStatus, b: JobStatus): boolean {
  const [ta, tb] = [Date.parse(a.created), Date.parse(b.created)];
  return ta > tb || (ta === tb && a.name > b.name);
}

/**
 * The page after one event, without asking the scheduler again: a job that no longer matches
 * the filters leaves it; one that matches takes its old place or, on the first page, joins it
 * in order. A job that would sort past the end of a page with more after it belongs to a later one.
 */
function updated(
  jobs: JobStatus[],
  change: JobEvent,
  matches: (job: JobStatus) => boolean,
  page: { first: boolean; more: boolean },
): JobStatus[] {
  const { event, job } = change;
  const at = jobs.findIndex((listed) => listed.name === job.name);
  if (event === 'deleted' || !matches(job)) return at < 0 ? jobs : jobs.filter((_, i) => i !== at);
  if (at >= 0) return jobs.map((listed, i) => (i === at ? withPlaceKept(listed, change) : listed));
  const place = jobs.findIndex((listed) => before(job, listed));
  if (!page.first || (place < 0 && page.more)) return jobs;
  return place < 0 ? [...jobs, job] : [...jobs.slice(0, place), job, ...jobs.slice(place)];
}

/**
 * Every job, newest first, a page at a time; filters by status and jobId; live without reloading.
 * A queued job shows its place, which moves without an event of its own: the page is asked for
 * again when a job joins or leaves the queue while it shows a place (or the job that joined).
 * Events that come while a page is on its way are applied to it, since it may predate them.
 */
export function JobList() {
  const url = useLocation();
  const status = url.searchParams.get('status') ?? '';
  const jobId = url.searchParams.get('jobId') ?? '';
  const pages = usePages();
  const [jobs, setJobs] = useState<JobStatus[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const { token } = pages;
  const query = {
    limit: PAGE,
    ...(status ? { status: status as JobStatus['status'] } : {}),
    ...(jobId ? { jobId } : {}),
    ...(token ? { continue: token } : {}),
  };
  const matches = (job: JobStatus) => (!status || job.status === status) && (!jobId || job.jobId === jobId);
  const asked = useRef(0);
  const missed = useRef<JobEvent[]>();
  const load = useMemo(
    () =>
      debounce(() => {
        const ask = ++asked.current;
        missed.current = [];
        api.listJobs(query).then(
          (page) => {
            if (ask !== asked.current) return;
            const where = { first: !token, more: page.next !== undefined };
            setJobs((missed.current ?? []).reduce((listed, event) => updated(listed, event, matches, where), page.items));
            setNext(page.next);
            setError(undefined);
            missed.current = undefined;
          },
          (e) => {
            if (ask !== asked.current) return;
            setError(describe(e));
            missed.current = undefined;
          },
        );
      }, 150),
    [status, jobId, token],
  );
  useEffect(load, [load]);
  useEffect(pages.first, [status, jobId]);
  useEvents((event) => {
    if (event === 'reset' || !jobs) return load();
    missed.current?.push(event);
    setJobs((current) => current && updated(current, event, matches, { first: pages.onFirst, more: next !== undefined }));
    const joined = (event.event === 'queued' || event.event === 'restarted') && matches(event.job);
    if (movesQueue(event) && (joined || jobs.some((job) => job.queue))) load();
  });
  const filter = (name: string, value: string) => {
    const params = new URLSearchParams(url.search);
    if (value) params.set(name, value);
    else params.delete(name);
    navigate(`/jobs${params.size > 0 ? `?${params}` : ''}`);
  };
  return (
    <section>
      <h1>Jobs</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label for="filter-status">Status</label>
        <select id="filter-status" value={status} onChange={(e) => filter('status', e.currentTarget.value)}>
          <option value="">Any</option>
          {['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'].map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
        <label for="filter-job-id">jobId</label>
        <input id="filter-job-id" value={jobId} onChange={(e) => filter('jobId', e.currentTarget.value)} />
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {jobs && jobs.length === 0 && <p>No jobs{status || jobId ? ' match' : ' yet'}.</p>}
      {jobs && jobs.length > 0 && (
        <table aria-label="Jobs">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
              <th scope="col">jobId</th>
              <th scope="col">Batch</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.name} data-job={job.name}>
                <td>
                  <a href={`/jobs/${job.name}`} onClick={onLink}>
                    {job.name}
                  </a>
                </td>
                <td>
                  <StatusBadge status={job.status} />
                  {job.queue && (
                    <>
                      {' '}
                      <QueuePlaceText place={job.queue} />
                    </>
                  )}
                </td>
                <td>{when(job.created)}</td>
                <td>{when(job.started)}</td>
                <td>{when(job.ended)}</td>
                <td>{job.jobId ?? ''}</td>
                <td>
                  {job.batchName ? (
                    <a href={`/batches/${job.batchName}`} onClick={onLink}>
                      {job.batchName}
                    </a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} next={next} />
    </section>
  );
}
