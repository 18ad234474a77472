import type { JobStatus } from '@job-scheduler/client';
import { useEffect, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { duration, LocalAndUtc, StatusBadge, when } from '../format.js';
import { useEvents } from '../live.js';
import { navigate, onLink } from '../router.js';

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped']);

/** One job: timings, attempts, payload, a log that follows while it runs, and what can be done to it. */
export function JobPage({ name }: { name: string }) {
  const [job, setJob] = useState<JobStatus>();
  const [payload, setPayload] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    api.getJob(name).then(setJob, (e) => setError(describe(e)));
    api.payload(name).then(setPayload, () => setPayload(undefined));
  }, [name]);
  useEvents((event) => {
    if (event === 'reset') api.getJob(name).then(setJob, (e) => setError(describe(e)));
    else if (event.job.name !== name) return;
    else if (event.event === 'deleted') setError(`job ${name} was deleted`);
    else setJob(event.job);
  });
  const act = async (what: string, action: () => Promise<unknown>, after?: (result: unknown) => void) => {
    if (!confirm(`${what} job ${name}?`)) return;
    try {
      const result = await action();
      setError(undefined);
      setNotice(`${what}: done`);
      after?.(result);
    } catch (failure) {
      setError(describe(failure));
    }
  };
  if (!job)
    return (
      <section>
        <h1>{name}</h1>
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    );
  const finished = FINISHED.has(job.status);
  return (
    <section>
      <h1>{job.name}</h1>
      <p aria-live="polite">
        Status: <StatusBadge status={job.status} />
        {job.reason && (
          <>
            {' '}
            · reason <strong data-reason>{job.reason}</strong>
          </>
        )}
        {job.message && <> · {job.message}</>}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {notice && !error && <p role="status">{notice}</p>}
      <div class="actions">
        {!finished && (
          <button type="button" onClick={() => act('Stop', () => api.stopJob(name))}>
            Stop
          </button>
        )}
        {finished && (
          <button
            type="button"
            onClick={() =>
              act(
                'Restart',
                () => api.restartJob(name),
                (j) => setJob(j as JobStatus),
              )
            }
          >
            Restart
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            act(
              'Copy',
              () => api.copyJob(name),
              (j) => navigate(`/jobs/${(j as JobStatus).name}`),
            )
          }
        >
          Copy
        </button>
        {!job.batchName && (
          <button
            type="button"
            class="danger"
            onClick={() =>
              act(
                'Delete',
                () => api.deleteJob(name),
                () => navigate('/jobs'),
              )
            }
          >
            Delete
          </button>
        )}
      </div>
      <dl class="facts">
        <dt>Created</dt>
        <dd>{when(job.created)}</dd>
        <dt>Started</dt>
        <dd>{when(job.started)}</dd>
        <dt>Ended</dt>
        <dd>{when(job.ended)}</dd>
        <dt>Ran for</dt>
        <dd>{duration(job)}</dd>
        {job.jobId && (
          <>
            <dt>jobId</dt>
            <dd>{job.jobId}</dd>
          </>
        )}
        {job.cronSchedule && (
          <>
            <dt>Schedule</dt>
            <dd>
              <a href="/schedules" onClick={onLink} data-cron-schedule>
                <code>{job.cronSchedule}</code>
              </a>
            </dd>
            <dt>Scheduled for</dt>
            <dd data-scheduled-time>
              <LocalAndUtc timestamp={job.scheduledTime} />
            </dd>
          </>
        )}
        {job.batchName && (
          <>
            <dt>Batch</dt>
            <dd>
              <a href={`/batches/${job.batchName}`} onClick={onLink}>
                {job.batchName}
              </a>
            </dd>
          </>
        )}
        {job.restarts && (
          <>
            <dt>Restarts</dt>
            <dd>
              {job.restarts} (last {when(job.restart)})
            </dd>
          </>
        )}
      </dl>
      <h2>Attempts</h2>
      {(job.podStatuses ?? []).length === 0 ? (
        <p>None yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Exit code</th>
              <th scope="col">Reason</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {job.podStatuses!.map((pod) => (
              <tr>
                <td>{pod.podIndex}</td>
                <td>{pod.name}</td>
                <td>{pod.replicaStatus.status}</td>
                <td>{pod.exitCode ?? '—'}</td>
                <td>
                  {pod.reason ?? ''}
                  {pod.statusMessage ? `: ${pod.statusMessage}` : ''}
                </td>
                <td>{when(pod.startTime)}</td>
                <td>{when(pod.endTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Payload</h2>
      {payload === undefined || payload === '' ? <p>No payload.</p> : <pre class="payload">{payload}</pre>}
      <Logs name={name} running={!finished} restarts={job.restarts ?? 0} />
    </section>
  );
}

/** The job's log: followed while the job runs, read whole once it has ended. */
function Logs({ name, running, restarts }: { name: string; running: boolean; restarts: number }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    const abort = new AbortController();
    setText('');
    if (running) {
      api
        .followLogs(name, (chunk) => setText((current) => current + chunk), { signal: abort.signal })
        .catch((e) => !abort.signal.aborted && setError(describe(e)));
    } else {
      api.logs(name).then(setText, (e) => setError(describe(e)));
    }
    return () => abort.abort();
  }, [name, running, restarts]);
  return (
    <>
      <h2 id="logs">Logs{running && <span class="following"> (following)</span>}</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <pre class="logs" aria-labelledby="logs" tabIndex={0}>
        {text || (running ? 'Waiting for output…' : 'No output.')}
      </pre>
    </>
  );
}
