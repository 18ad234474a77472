import type { JobStatus, ScheduleEvent } from '@job-scheduler/client';
import { LocalAndUtc, StatusBadge, when } from '../format.js';
import { onLink } from '../router.js';

export const JobLink = ({ name }: { name: string }) => (
  <a href={`/jobs/${name}`} onClick={onLink}>
    {name}
  </a>
);

/** A schedule's recent runs, newest first, with the time each was scheduled for. */
export function Runs({ label, runs }: { label: string; runs: JobStatus[] }) {
  return (
    <>
      <h3>Recent runs</h3>
      {runs.length === 0 ? (
        <p>None among the newest jobs.</p>
      ) : (
        <table aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Scheduled for</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.name} data-job={run.name}>
                <td>
                  <JobLink name={run.name} />
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>
                  <LocalAndUtc timestamp={run.scheduledTime} />
                </td>
                <td>{when(run.started)}</td>
                <td>{when(run.ended)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Firings of a schedule that started no job, as the event stream told them: the API keeps only the last. */
export function Firings({ firings }: { firings: ScheduleEvent[] }) {
  if (firings.length === 0) return null;
  return (
    <>
      <h3>Firings that started no job, since this page opened</h3>
      <ul class="firings">
        {firings.map((firing) => (
          <li>
            <LocalAndUtc timestamp={firing.schedule.scheduledTime} />: {firing.event}
            {firing.schedule.count > 1 ? ` (${firing.schedule.count} times)` : ''}, {firing.schedule.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
