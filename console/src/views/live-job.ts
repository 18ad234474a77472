import type { JobEvent, JobStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { debounce, useEvents } from '../live.js';
import { movesQueue, withPlaceKept } from '../queue.js';

/**
 * One job, kept current by the event stream. Its place in the queue is not part of its events,
 * so while it waits in the queue it is asked for again whenever a job joins or leaves the queue,
 * and when it joins itself. The job's own events that come while an answer is on its way are
 * applied to that answer, which may predate them.
 */
export function useLiveJob(name: string) {
  const [job, setJob] = useState<JobStatus>();
  const [error, setError] = useState<string>();
  const asked = useRef(0);
  const missed = useRef<JobEvent[]>();
  const load = useMemo(
    () => () => {
      const ask = ++asked.current;
      missed.current = [];
      api.getJob(name).then(
        (answer) => {
          if (ask !== asked.current) return;
          setJob((missed.current ?? []).reduce(withPlaceKept, answer));
          missed.current = undefined;
        },
        (e) => {
          if (ask !== asked.current) return;
          setError(describe(e));
          missed.current = undefined;
        },
      );
    },
    [name],
  );
  const reload = useMemo(() => debounce(load, 200), [load]);
  useEffect(load, [load]);
  useEvents((event) => {
    if (event === 'reset') return reload();
    if (event.job.name !== name) return job?.queue && movesQueue(event) && reload();
    if (event.event === 'deleted') return setError(`job ${name} was deleted`);
    missed.current?.push(event);
    setJob((shown) => withPlaceKept(shown, event));
    if (event.event === 'queued' || event.event === 'restarted') reload();
  });
  return { job, setJob, error, setError };
}
