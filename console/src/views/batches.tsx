import type { BatchStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { Pager, usePages } from '../pager.js';
import { QueuePlaceText, StatusBadge, when } from '../format.js';
import { debounce, useEvents } from '../live.js';
import { movesQueue } from '../queue.js';
import { navigate, onLink } from '../router.js';

const PAGE = 20;

function JobCounts({ batch }: { batch: BatchStatus }) {
  const counts = new Map<string, number>();
  for (const job of batch.jobStatuses) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
  return <span>{[...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'no jobs'}</span>;
}

/** The batches, newest first, a page at a time, with the state of their jobs. */
export function BatchList() {
  const pages = usePages();
  const [batches, setBatches] = useState<BatchStatus[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const { token } = pages;
  const load = useMemo(
    () =>
      debounce(
        () =>
          void api.listBatches({ limit: PAGE, ...(token ? { continue: token } : {}) }).then(
            (page) => {
              setBatches(page.items);
              setNext(page.next);
              setError(undefined);
            },
            (e) => setError(describe(e)),
          ),
        200,
      ),
    [token],
  );
  useEffect(load, [load]);
  useEvents((event) => (event === 'reset' || event.job.batchName) && load());
  return (
    <section>
      <h1>Batches</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {batches && batches.length === 0 && <p>No batches yet.</p>}
      {batches && batches.length > 0 && (
        <table aria-label="Batches">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">batchId</th>
              <th scope="col">Status</th>
              <th scope="col">Jobs</th>
              <th scope="col">Created</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr data-batch={batch.name}>
                <td>
                  <a href={`/batches/${batch.name}`} onClick={onLink}>
                    {batch.name}
                  </a>
                </td>
                <td>{batch.batchId ?? ''}</td>
                <td>
                  <StatusBadge status={batch.status} />
                </td>
                <td>
                  <JobCounts batch={batch} />
                </td>
                <td>{when(batch.created)}</td>
                <td>{when(batch.ended)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager pages={pages} next={next} />
    </section>
  );
}

/** One batch: its aggregate status and each of its jobs, live, a queued one with its place (which moves as others join or leave the queue). */
export function BatchPage({ name }: { name: string }) {
  const [batch, setBatch] = useState<BatchStatus>();
  const [error, setError] = useState<string>();
  const load = useMemo(
    () =>
      debounce(
        () =>
          void api.getBatch(name).then(
            (b) => {
              setBatch(b);
              setError(undefined);
            },
            (e) => setError(describe(e)),
          ),
        150,
      ),
    [name],
  );
  useEffect(load, [load]);
  useEvents(
    (event) =>
      (event === 'reset' || event.job.batchName === name || (movesQueue(event) && batch?.jobStatuses.some((job) => job.queue))) && load(),
  );
  const act = async (what: string, action: () => Promise<unknown>, after?: () => void) => {
    if (!confirm(`${what} batch ${name}?`)) return;
    try {
      await action();
      after?.();
      load();
    } catch (failure) {
      setError(describe(failure));
    }
  };
  return (
    <section>
      <h1>{name}</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {batch && (
        <>
          <p aria-live="polite">
            Status: <StatusBadge status={batch.status} />
            {batch.batchId && <> · batchId {batch.batchId}</>} · started {when(batch.started)} · ended {when(batch.ended)}
          </p>
          <div class="actions">
            {batch.status !== 'Completed' && batch.status !== 'Stopped' && (
              <button type="button" onClick={() => act('Stop', () => api.stopBatch(name))}>
                Stop
              </button>
            )}
            <button
              type="button"
              class="danger"
              onClick={() =>
                act(
                  'Delete',
                  () => api.deleteBatch(name),
                  () => navigate('/batches'),
                )
              }
            >
              Delete
            </button>
          </div>
          <table aria-label="Jobs of the batch">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">jobId</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {batch.jobStatuses.map((job) => (
                <tr data-job={job.name}>
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
                  <td>{job.jobId ?? ''}</td>
                  <td>{when(job.started)}</td>
                  <td>{when(job.ended)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** A batch from one payload a line; every job gets the same settings. */
export function NewBatch() {
  const [batchId, setBatchId] = useState('');
  const [payloads, setPayloads] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    const lines = payloads.split('\n').filter((line) => line.trim() !== '');
    try {
      const batch = await api.createBatch({
        ...(batchId ? { batchId } : {}),
        jobScheduleDescriptions: (lines.length > 0 ? lines : ['']).map((payload) => (payload ? { payload } : {})),
      });
      navigate(`/batches/${batch.name}`);
    } catch (failure) {
      setError(describe(failure));
    }
  };
  return (
    <section>
      <h1>New batch</h1>
      <form onSubmit={submit} class="form">
        <div class="field">
          <label for="batch-id">batchId</label>
          <input id="batch-id" value={batchId} onInput={(e) => setBatchId(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="payloads">Payloads</label>
          <textarea
            id="payloads"
            rows={8}
            value={payloads}
            onInput={(e) => setPayloads(e.currentTarget.value)}
            aria-describedby="payloads-hint"
            spellcheck={false}
          />
          <small id="payloads-hint">One job a line, the line its payload; an empty form starts one job without one.</small>
        </div>
        <button type="submit">Start the batch</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
