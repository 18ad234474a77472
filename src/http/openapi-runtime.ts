import type { OpenAPIObject } from '@nestjs/swagger';

/** The request schemas that carry a job's settings. */
const SETTINGS = ['RadixJobComponentConfig', 'JobScheduleDescription'];

/**
 * The document as a scheduler on the local runtime answers: a job there is a process of this
 * machine's user, so `image` and `runAsUser` are refused, and so are `command` and `args` unless
 * JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names the job (src/jobs/request-trust.ts). A refused
 * field is declared as one no value satisfies, with the reason.
 */
export function forLocalRuntime(document: OpenAPIObject, { requestCommand }: { requestCommand: boolean }): OpenAPIObject {
  const copy = structuredClone(document);
  const refused = {
    image: 'Refused on the local runtime, which runs the job definition’s program, not images.',
    runAsUser: 'Refused on the local runtime, which runs every job as the scheduler’s own user.',
    ...(requestCommand
      ? {}
      : {
          command: 'Refused on the local runtime unless JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names this job.',
          args: 'Refused on the local runtime unless JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names this job.',
        }),
  };
  for (const name of SETTINGS) {
    const properties = (copy.components?.schemas?.[name] as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!properties) continue;
    for (const [field, description] of Object.entries(refused)) properties[field] = { not: {}, description };
  }
  return copy;
}
