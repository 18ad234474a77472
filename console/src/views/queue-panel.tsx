import type { QueueStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { seconds, StatusBadge } from '../format.js';
import { debounce, useEvents } from '../live.js';
import { onLink } from '../router.js';

/** A pause or resume made elsewhere (another reader, through another replica) comes with no event: the queue is asked this often. */
const POLL_MS = 10_000;

/** The queue's state as last answered, and when, so that the oldest wait can go on growing between answers. */
interface Answer {
  status: QueueStatus;
  at: number;
}

/**
 * The queue, asked for after job events (debounced: they come in bursts) and every POLL_MS
 * while the page is seen. Answers that come after a newer question, or after a pause or resume
 * of this page, are dropped: they may predate it.
 */
function useQueue(onError: (error: string | undefined) => void) {
  const [answer, setAnswer] = useState<Answer>();
  const asked = useRef(0);
  const ask = useMemo(
    () => (call: () => Promise<QueueStatus>) => {
      const mine = ++asked.current;
      return call().then(
        (status) => {
          if (mine !== asked.current) return;
          setAnswer({ status, at: Date.now() });
          onError(undefined);
        },
        (e) => {
          if (mine === asked.current) onError(describe(e));
        },
      );
    },
    [],
  );
  const load = useMemo(() => debounce(() => void ask(() => api.queue()), 300), []);
  useEffect(() => {
    void ask(() => api.queue());
    const poll = setInterval(() => document.hidden || load(), POLL_MS);
    return () => clearInterval(poll);
  }, []);
  useEvents(load);
  return [answer, ask] as const;
}

/** Now, every second while `ticking`: for a wait that grows as it is read. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** The oldest wait `now`: as answered, and the time since the answer. */
function oldestWait(answer: Answer | undefined, now: number): number | undefined {
  const waited = answer?.status.oldestQueuedSeconds;
  if (answer === undefined || waited === null || waited === undefined) return undefined;
  return waited + Math.max(0, Math.floor((now - answer.at) / 1000));
}

/** The queue of the job definition: paused or not, its cap, jobs running and waiting, the oldest wait; pause and resume, each confirmed. */
export function QueuePanel() {
  const [error, setError] = useState<string>();
  const [answer, ask] = useQueue(setError);
  const now = useNow((answer?.status.queued ?? 0) > 0);
  const status = answer?.status;
  const toggle = () => {
    if (!status) return;
    const question = status.paused
      ? 'Resume the queue? Waiting jobs are admitted again, in their order.'
      : 'Pause the queue? No job is admitted until it is resumed; running jobs go on.';
    if (confirm(question)) void ask(() => (status.paused ? api.resumeQueue() : api.pauseQueue()));
  };
  const oldest = oldestWait(answer, now);
  const cap = status?.maxConcurrentJobs;
  return (
    <section class="queue" aria-labelledby="queue-heading" data-queue>
      <h2 id="queue-heading">Queue</h2>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!status ? (
        !error && <p>Loading…</p>
      ) : (
        <>
          <p aria-live="polite">
            State: <StatusBadge status={status.paused ? 'Paused' : 'Active'} />
            {status.paused && ' · no job is admitted until it is resumed; running jobs go on'}
          </p>
          <dl class="facts">
            <dt>Cap</dt>
            <dd data-queue-cap>
              {cap === null || cap === undefined
                ? 'none: every job is admitted at once'
                : `${cap} ${cap === 1 ? 'job' : 'jobs'} running at once`}
            </dd>
            <dt>Running</dt>
            <dd data-queue-running>{status.running}</dd>
            <dt>Queued</dt>
            <dd data-queue-queued>
              {status.queued}
              {status.queued > 0 && (
                <>
                  {' · '}
                  <a href="/jobs?status=Waiting" onClick={onLink}>
                    the waiting jobs
                  </a>
                </>
              )}
            </dd>
            <dt>Oldest wait</dt>
            <dd data-queue-oldest>{oldest === undefined ? 'none waits' : seconds(oldest)}</dd>
          </dl>
          <div class="actions">
            <button type="button" aria-describedby="queue-heading" onClick={toggle}>
              {status.paused ? 'Resume' : 'Pause'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
