import type { JobScheduleDescription, JobStatus } from '@job-scheduler/client';
import { useState } from 'preact/hooks';
import { api, config, describe } from '../api.js';
import { navigate } from '../router.js';

interface Fields {
  payload: string;
  jobId: string;
  timeLimitSeconds: string;
  backoffLimit: string;
  priority: string;
  startDeadlineSeconds: string;
  cpu: string;
  memory: string;
  memoryLimit: string;
  variables: string;
}

const EMPTY: Fields = {
  payload: '',
  jobId: '',
  timeLimitSeconds: '',
  backoffLimit: '',
  priority: '',
  startDeadlineSeconds: '',
  cpu: '',
  memory: '',
  memoryLimit: '',
  variables: '',
};

/** A payload that looks like JSON (it starts with { or [) must be JSON; any other text is taken as it is. */
export function payloadProblem(payload: string): string | undefined {
  const text = payload.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `The payload looks like JSON but is not: ${(error as Error).message}`;
  }
}

/** `KEY=value` lines as variables; the first `=` splits. */
function variablesOf(text: string): Record<string, string> | undefined {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
    });
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

export function descriptionOf(fields: Fields): JobScheduleDescription {
  const requests = { ...(fields.cpu ? { cpu: fields.cpu } : {}), ...(fields.memory ? { memory: fields.memory } : {}) };
  const limits = fields.memoryLimit ? { memory: fields.memoryLimit } : undefined;
  return {
    ...(fields.payload ? { payload: fields.payload } : {}),
    ...(fields.jobId ? { jobId: fields.jobId } : {}),
    ...(fields.timeLimitSeconds ? { timeLimitSeconds: Number(fields.timeLimitSeconds) } : {}),
    ...(fields.backoffLimit ? { backoffLimit: Number(fields.backoffLimit) } : {}),
    ...(fields.priority ? { priority: Number(fields.priority) } : {}),
    ...(fields.startDeadlineSeconds ? { startDeadlineSeconds: Number(fields.startDeadlineSeconds) } : {}),
    ...(Object.keys(requests).length > 0 || limits
      ? { resources: { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(limits ? { limits } : {}) } }
      : {}),
    ...(variablesOf(fields.variables) ? { variables: variablesOf(fields.variables) } : {}),
  };
}

/**
 * The same request as a shell command, single quotes escaped. With a token, `$TOKEN` stands for
 * it, never the token itself (the preview is for copying and showing around); in double quotes,
 * since the shell leaves single-quoted text as it is.
 */
export function curlOf(description: JobScheduleDescription, withToken: boolean): string {
  const body = JSON.stringify(description).replace(/'/g, `'\\''`);
  const auth = withToken ? ` -H "Authorization: Bearer $TOKEN"` : '';
  return `curl -s -X POST ${location.origin}/api/v1/jobs${auth} -H 'Content-Type: application/json' -d '${body}'`;
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: preact.ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}

export function NewJob() {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Fields) => (event: Event) => setFields({ ...fields, [name]: (event.currentTarget as HTMLInputElement).value });
  const problem = payloadProblem(fields.payload);
  const description = descriptionOf(fields);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const job: JobStatus = await api.createJob(description);
      navigate(`/jobs/${job.name}`);
    } catch (failure) {
      setError(describe(failure));
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>New job</h1>
      <form onSubmit={submit} class="form">
        <Field
          id="payload"
          label="Payload"
          hint="Handed to the job as its payload file, byte for byte. Text that starts with { or [ is checked as JSON."
        >
          <textarea
            id="payload"
            rows={8}
            value={fields.payload}
            onInput={set('payload')}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby="payload-hint"
            spellcheck={false}
          />
        </Field>
        {problem && (
          <p role="alert" class="error" id="payload-problem">
            {problem}
          </p>
        )}
        <Field id="job-id" label="jobId">
          <input id="job-id" value={fields.jobId} onInput={set('jobId')} />
        </Field>
        <Field id="time-limit" label="Time limit (seconds)">
          <input id="time-limit" type="number" min={1} value={fields.timeLimitSeconds} onInput={set('timeLimitSeconds')} />
        </Field>
        <Field id="backoff-limit" label="Backoff limit (retries)">
          <input id="backoff-limit" type="number" min={0} value={fields.backoffLimit} onInput={set('backoffLimit')} />
        </Field>
        <Field
          id="priority"
          label="Priority"
          hint="Where the job waits in the queue: higher is admitted first; -1000 to 1000, 0 when left empty."
        >
          <input
            id="priority"
            type="number"
            min={-1000}
            max={1000}
            step={1}
            value={fields.priority}
            onInput={set('priority')}
            aria-describedby="priority-hint"
          />
        </Field>
        <Field
          id="start-deadline"
          label="Start deadline (seconds)"
          hint="The job fails (StartDeadlineExceeded) when it is not running this long after it was made: a wait in the queue, a pod no node takes, an image that never pulls. Empty: the job definition's."
        >
          <input
            id="start-deadline"
            type="number"
            min={1}
            value={fields.startDeadlineSeconds}
            onInput={set('startDeadlineSeconds')}
            aria-describedby="start-deadline-hint"
          />
        </Field>
        <Field id="cpu" label="CPU request">
          <input id="cpu" placeholder="500m" value={fields.cpu} onInput={set('cpu')} />
        </Field>
        <Field id="memory" label="Memory request">
          <input id="memory" placeholder="1Gi" value={fields.memory} onInput={set('memory')} />
        </Field>
        <Field id="memory-limit" label="Memory limit">
          <input id="memory-limit" placeholder="2Gi" value={fields.memoryLimit} onInput={set('memoryLimit')} />
        </Field>
        <Field id="variables" label="Variables" hint="One KEY=value a line.">
          <textarea
            id="variables"
            rows={4}
            value={fields.variables}
            onInput={set('variables')}
            aria-describedby="variables-hint"
            spellcheck={false}
          />
        </Field>
        <button type="submit" disabled={busy || problem !== undefined}>
          Start the job
        </button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
      <h2 id="curl-heading">The same as curl</h2>
      <pre class="curl" aria-labelledby="curl-heading" aria-describedby={config.tokenRequired ? 'curl-hint' : undefined} tabIndex={0}>
        {curlOf(description, config.tokenRequired)}
      </pre>
      {config.tokenRequired && <small id="curl-hint">Set TOKEN to the API token first.</small>}
    </section>
  );
}
