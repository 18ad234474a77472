import type { JobStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { Pager, usePages } from '../pager.js';
import { StatusBadge, when } from '../format.js';
import { debounce, useEvents } from '../live.js';
import { navigate, onLink, useLocation } from '../router.js';

const PAGE = 50;

/** Every job, newest first, a page at a time; filters by status and jobId; live without reloading. */
export function JobList() {
  const url = useLocation();
  const status = url.searchParams.get('status') ?? '';
  const jobId = url.searchParams.get('jobId') ?? '';
  const pages = usePages();
  const [jobs, setJobs] = useState<JobStatus[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const { token } = pages;
  const query = { limit: PAGE, ...(status ? { status: status as JobStatus['status'] } : {}), ...(jobId ? { jobId } : {}), ...(token ? { continue: token } : {}) };
  const load = useMemo(() => debounce(() => api.listJobs(query).then((page) => { setJobs(page.items); setNext(page.next); setError(undefined); }, (e) => setError(describe(e))), 150), [status, jobId, token]);
  useEffect(load, [load]);
  useEffect(pages.first, [status, jobId]);
  useEvents((event) => {
    // A job on this page changed: show it at once. Anything else (a new job) shows on the next load.
    if (event !== 'reset' && jobs?.some((job) => job.name === event.job.name) && event.event !== 'deleted') {
      setJobs((current) => current?.map((job) => (job.name === event.job.name ? event.job : job)));
    } else load();
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
          {['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'].map((s) => <option value={s}>{s}</option>)}
        </select>
        <label for="filter-job-id">jobId</label>
        <input id="filter-job-id" value={jobId} onChange={(e) => filter('jobId', e.currentTarget.value)} />
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      {jobs && jobs.length === 0 && <p>No jobs{status || jobId ? ' match' : ' yet'}.</p>}
      {jobs && jobs.length > 0 && (
        <table aria-label="Jobs">
          <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">jobId</th><th scope="col">Batch</th></tr></thead>
          <tbody>
            {jobs.map((job) => (
              <tr data-job={job.name}>
                <td><a href={`/jobs/${job.name}`} onClick={onLink}>{job.name}</a></td>
                <td><StatusBadge status={job.status} /></td>
                <td>{when(job.created)}</td>
                <td>{when(job.started)}</td>
                <td>{when(job.ended)}</td>
                <td>{job.jobId ?? ''}</td>
                <td>{job.batchName ? <a href={`/batches/${job.batchName}`} onClick={onLink}>{job.batchName}</a> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} next={next} />
    </section>
  );
}
