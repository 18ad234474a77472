import type { ConcurrencyPolicy, JobStatus, ScheduleEvent, ScheduleStatus } from '@job-scheduler/client';
import { useState } from 'preact/hooks';
import { api, describe } from '../api.js';
import { LocalAndUtc, StatusBadge } from '../format.js';
import { Firings, JobLink, Runs } from './schedule-runs.js';

/** The runs shown for each schedule, newest first. */
const RECENT = 5;

const POLICY: Record<ConcurrencyPolicy, string> = {
  Allow: 'a firing starts a run even while another is unfinished',
  Forbid: 'while a run is unfinished, a firing is skipped and Run now refused',
  Replace: 'a firing stops the unfinished runs and starts a new one',
};

/** One schedule: its facts, its last firing and recent runs, and what can be done to it, each confirmed. */
export function ScheduleCard(props: {
  schedule: ScheduleStatus;
  runs: JobStatus[];
  firings: ScheduleEvent[];
  onChanged: (schedule: ScheduleStatus) => void;
  onRun: (run: JobStatus) => void;
}) {
  const { schedule, runs, firings } = props;
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<string>();
  const expression = schedule.schedule;
  const heading = `schedule-${schedule.id}`;
  const act = async <T,>(question: string, action: () => Promise<T>, after: (result: T) => void) => {
    if (!confirm(question)) return;
    try {
      after(await action());
      setError(undefined);
    } catch (failure) {
      setError(describe(failure));
    }
  };
  const pause = () => act(`Pause schedule ${expression}?`, () => api.pauseSchedule(schedule.id), props.onChanged);
  const resume = () => act(`Resume schedule ${expression}?`, () => api.resumeSchedule(schedule.id), props.onChanged);
  const run = () =>
    act(
      `Run schedule ${expression} now?`,
      () => api.runSchedule(schedule.id),
      (job) => {
        setStarted(job.name);
        props.onRun(job);
      },
    );
  const last = schedule.lastRun;
  return (
    <article class="schedule" aria-labelledby={heading} data-schedule={schedule.id}>
      <h2 id={heading}>
        <code>{expression}</code>
      </h2>
      <p aria-live="polite">
        State: <StatusBadge status={schedule.paused ? 'Paused' : 'Active'} />
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {started && !error && (
        <p role="status">
          Run now: started <JobLink name={started} />
        </p>
      )}
      <div class="actions">
        <button type="button" aria-describedby={heading} onClick={schedule.paused ? resume : pause}>
          {schedule.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" aria-describedby={heading} onClick={run}>
          Run now
        </button>
      </div>
      <dl class="facts">
        <dt>Time zone</dt>
        <dd>{schedule.timeZone}</dd>
        <dt>Concurrency</dt>
        <dd>
          {schedule.concurrency}: {POLICY[schedule.concurrency]}
        </dd>
        <dt>Next run</dt>
        <dd data-next-run>{schedule.paused ? 'none while paused' : <LocalAndUtc timestamp={schedule.nextRun} />}</dd>
        <dt>Last firing</dt>
        <dd data-last-run>
          {last ? (
            <>
              <LocalAndUtc timestamp={last.scheduledTime} /> · <strong>{last.outcome}</strong>
              {last.jobName && (
                <>
                  {' '}
                  · <JobLink name={last.jobName} />
                </>
              )}
              {last.status && (
                <>
                  {' '}
                  <StatusBadge status={last.status} />
                </>
              )}
            </>
          ) : (
            'none yet'
          )}
        </dd>
      </dl>
      <Runs label={`Recent runs of ${expression}`} runs={runs.slice(0, RECENT)} />
      <Firings firings={firings.slice(0, RECENT)} />
    </article>
  );
}
