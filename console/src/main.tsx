import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, config, onUnauthorized, session } from './api.js';
import { onLink, useLocation } from './router.js';
import { BatchPage, BatchList, NewBatch } from './views/batches.js';
import { JobList } from './views/job-list.js';
import { JobPage } from './views/job-page.js';
import { NewJob } from './views/new-job.js';
import { Overview } from './views/overview.js';
import { Schedules } from './views/schedules.js';
import { SignIn } from './views/sign-in.js';
import './styles.css';

/** A path segment's text; undefined for one that is no valid percent-encoding (`%`, `%ZZ`), which names nothing. */
function decoded(segment: string | undefined): string | undefined {
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function Page({ path }: { path: string }) {
  const job = decoded(/^\/jobs\/([^/]+)$/.exec(path)?.[1]);
  const batch = decoded(/^\/batches\/([^/]+)$/.exec(path)?.[1]);
  if (path === '/jobs') return <JobList />;
  if (path === '/jobs/new') return <NewJob />;
  if (job) return <JobPage name={job} />;
  if (path === '/batches') return <BatchList />;
  if (path === '/batches/new') return <NewBatch />;
  if (batch) return <BatchPage name={batch} />;
  if (path === '/schedules') return <Schedules />;
  if (path === '/') return <Overview />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at {path}.{' '}
        <a href="/" onClick={onLink}>
          Go to the overview
        </a>
        .
      </p>
    </section>
  );
}

/**
 * Whether the job definition has cron schedules, asked once signed in: most have none, and
 * their console shows no Schedules link. An answer that fails leaves the link out; the view
 * itself still answers at /schedules.
 */
function useHasSchedules(signedIn: boolean): boolean {
  const [scheduled, setScheduled] = useState(false);
  useEffect(() => {
    if (!signedIn) setScheduled(false);
    else
      api.listSchedules().then(
        (schedules) => setScheduled(schedules.length > 0),
        () => setScheduled(false),
      );
  }, [signedIn]);
  return scheduled;
}

function App() {
  const url = useLocation();
  const [signedIn, setSignedIn] = useState(() => !config.tokenRequired || session.token() !== undefined);
  const [refused, setRefused] = useState(false);
  useEffect(
    () =>
      signedIn
        ? onUnauthorized(() => {
            setSignedIn(false);
            setRefused(true);
          })
        : undefined,
    [signedIn],
  );
  const scheduled = useHasSchedules(signedIn);
  const nav = [
    ['/', 'Overview'],
    ['/jobs', 'Jobs'],
    ['/batches', 'Batches'],
    ...(scheduled ? [['/schedules', 'Schedules']] : []),
    ['/jobs/new', 'New job'],
    ['/batches/new', 'New batch'],
  ];
  return (
    <>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header>
        <p class="brand">
          <strong>{config.job}</strong>{' '}
          <span>
            {config.app} · {config.environment} · {config.runtime}
          </span>
        </p>
        <nav aria-label="Views">
          {nav.map(([href, label]) => (
            <a href={href} onClick={onLink} aria-current={url.pathname === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        {config.peers.length > 0 && (
          <nav aria-label="Other job definitions" class="peers">
            {config.peers.map((peer) => (
              <a href={`${location.protocol}//${location.hostname}:${peer.port}/`}>{peer.job}</a>
            ))}
          </nav>
        )}
        {config.tokenRequired && signedIn && (
          <button
            type="button"
            class="link"
            onClick={() => {
              session.signOut();
              setSignedIn(false);
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {signedIn ? (
          <Page path={url.pathname} />
        ) : (
          <SignIn
            refused={refused}
            onSignedIn={() => {
              setSignedIn(true);
              setRefused(false);
            }}
          />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
