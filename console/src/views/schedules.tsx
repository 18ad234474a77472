import type { JobEvent, JobStatus, ScheduleEvent, ScheduleStatus } from '@job-scheduler/client';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { debounce, useEvents } from '../live.js';
import { ScheduleCard } from './schedule-card.js';

/** How many of the newest jobs are searched for runs: the job list has no filter by schedule. */
const SEARCHED = 200;
/** Firings that started no job, kept while the page is open (the API keeps only the last). */
const FIRINGS_KEPT = 50;

const newestFirst = (a: JobStatus, b: JobStatus) => b.created.localeCompare(a.created) || b.name.localeCompare(a.name);

type RunEvent = Pick<JobEvent, 'event' | 'job'>;

/** The runs after one event: it carries the job's whole state. */
function withRun(runs: JobStatus[], { event, job }: RunEvent): JobStatus[] {
  if (job.cronSchedule === undefined) return runs;
  const others = runs.filter((run) => run.name !== job.name);
  return event === 'deleted' ? others : [...others, job].sort(newestFirst);
}

/**
 * The runs of schedules among the newest jobs: listed once (and again after a reset), then
 * kept by the events, as the overview keeps its jobs. Events that come while a list is on its
 * way are applied to it too, since the list may predate them.
 */
function useRuns(onError: (error: string) => void) {
  const [runs, setRuns] = useState<JobStatus[]>([]);
  const asked = useRef(0);
  const missed = useRef<RunEvent[]>();
  const load = useMemo(
    () =>
      debounce(() => {
        const ask = ++asked.current;
        missed.current = [];
        api.listJobs({ limit: SEARCHED }).then(
          (page) => {
            if (ask !== asked.current) return;
            setRuns(
              (missed.current ?? []).reduce(
                withRun,
                page.items.filter((job) => job.cronSchedule !== undefined),
              ),
            );
            missed.current = undefined;
          },
          (e) => {
            if (ask !== asked.current) return;
            onError(describe(e));
            missed.current = undefined;
          },
        );
      }, 300),
    [],
  );
  /** `unlessListed`: an answer of the API, which a list on its way or an event may have overtaken. */
  const apply = (event: RunEvent, { unlessListed = false } = {}) => {
    if (!unlessListed) missed.current?.push(event);
    setRuns((current) => (unlessListed && current.some((run) => run.name === event.job.name) ? current : withRun(current, event)));
  };
  return [runs, load, apply] as const;
}

/**
 * The job definition's cron schedules: when each fires next, how its last firing went, its
 * recent runs, and pause, resume and run now. Live: a run's event updates its row and its
 * schedule, and a firing that started no job (skipped, missed) is told as it comes.
 */
export function Schedules() {
  const [schedules, setSchedules] = useState<ScheduleStatus[]>();
  const [error, setError] = useState<string>();
  const [runs, loadRuns, applyRun] = useRuns(setError);
  const [firings, setFirings] = useState<ScheduleEvent[]>([]);
  const loadSchedules = useMemo(
    () =>
      debounce(
        () =>
          void api.listSchedules().then(
            (listed) => {
              setSchedules(listed);
              setError(undefined);
            },
            (e) => setError(describe(e)),
          ),
        300,
      ),
    [],
  );
  useEffect(() => {
    loadSchedules();
    loadRuns();
  }, []);
  useEvents(
    (event) => {
      if (event === 'reset') {
        loadSchedules();
        return loadRuns();
      }
      if (event.job.cronSchedule === undefined) return;
      applyRun(event);
      // A run that starts or ends changes its schedule's last firing and next run.
      loadSchedules();
    },
    (firing) => {
      setFirings((current) => [firing, ...current].slice(0, FIRINGS_KEPT));
      loadSchedules();
    },
  );
  const replace = (changed: ScheduleStatus) =>
    setSchedules((current) => current?.map((schedule) => (schedule.id === changed.id ? changed : schedule)));
  return (
    <section>
      <h1>Schedules</h1>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {schedules && schedules.length === 0 && <p>This job definition has no schedules: radixconfig.yaml gives its job no cron.</p>}
      {schedules?.map((schedule) => (
        <ScheduleCard
          key={schedule.id}
          schedule={schedule}
          runs={runs.filter((run) => run.cronSchedule === schedule.schedule)}
          firings={firings.filter((firing) => firing.schedule.id === schedule.id)}
          onChanged={replace}
          onRun={(run) => {
            // The run's own events may have come first, and are newer than this answer.
            applyRun({ event: 'created', job: run }, { unlessListed: true });
            loadSchedules();
          }}
        />
      ))}
    </section>
  );
}
