import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const { forbidden } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

/** An import the house forbids, and the rule that must catch it. */
interface Probe {
  rule: string;
  from: string;
  /** A file of the probe tree, or a package or core module name. */
  to: string;
}

const probes: Probe[] = [
  { rule: 'one-door-to-kubernetes', from: 'src/jobs/jobs.service.ts', to: '@kubernetes/client-node' },
  { rule: 'one-connection-pool-for-kubernetes', from: 'src/kube/job-writer.ts', to: 'undici' },
  { rule: 'one-door-to-processes', from: 'src/kube/job-writer.ts', to: 'node:child_process' },
  { rule: 'the-kernel-knows-no-feature-transport-or-runtime', from: 'src/jobs/jobs.service.ts', to: 'src/batches/batch.model.ts' },
  { rule: 'the-kernel-knows-no-feature-transport-or-runtime', from: 'src/jobs/job.model.ts', to: 'src/app.module.ts' },
  { rule: 'the-hub-knows-no-consumer', from: 'src/jobs/job-event-hub.ts', to: 'src/metrics/scheduler-metrics.ts' },
  { rule: 'the-hub-knows-no-consumer', from: 'src/jobs/job-event-hub.ts', to: 'src/events/event-stream.service.ts' },
  { rule: 'runtimes-report-through-the-hub', from: 'src/kube/kube-job.gateway.ts', to: 'src/metrics/scheduler-metrics.ts' },
  { rule: 'runtimes-report-through-the-hub', from: 'src/local/local-job.gateway.ts', to: 'src/webhooks/delivery-ledger.ts' },
  { rule: 'runtimes-are-independent', from: 'src/local/job-store.ts', to: 'src/kube/labels.ts' },
  { rule: 'features-go-through-the-port', from: 'src/retention/retention.service.ts', to: 'src/kube/kube-client.ts' },
  { rule: 'features-go-through-the-port', from: 'src/health/runtime.health.ts', to: 'src/local/job-store.ts' },
  { rule: 'consumers-are-independent', from: 'src/webhooks/delivery-ledger.ts', to: 'src/events/event-stream.service.ts' },
  { rule: 'consumers-are-independent', from: 'src/events/event-stream.service.ts', to: 'src/webhooks/webhook-body.ts' },
  { rule: 'delivery-is-no-api-route', from: 'src/webhooks/webhook-sender.ts', to: 'src/http/failure.ts' },
  { rule: 'the-http-layer-is-below-boot', from: 'src/http/swagger.ts', to: 'src/app.module.ts' },
  { rule: 'config-is-below-the-domain', from: 'src/config/job-definition.config.ts', to: 'src/jobs/job.model.ts' },
  { rule: 'validators-are-the-floor', from: 'src/validation/validators.ts', to: 'src/config/scheduler.config.ts' },
  { rule: 'the-console-speaks-only-through-the-typed-client', from: 'console/src/api.ts', to: 'src/jobs/dto/job-status.dto.ts' },
  { rule: 'the-console-speaks-only-through-the-typed-client', from: 'console/src/api.ts', to: 'client/src/gen/sdk.gen.ts' },
  { rule: 'no-cycles', from: 'src/jobs/job-name.ts', to: 'src/jobs/job-spec.ts' },
];

/** What the house allows, which no rule may catch. */
const allowed: Omit<Probe, 'rule'>[] = [
  { from: 'src/batches/batches.service.ts', to: 'src/jobs/job.gateway.ts' },
  { from: 'src/kube/kube-job.gateway.ts', to: 'src/jobs/job-event.ts' },
  { from: 'src/webhooks/delivery-ledger.ts', to: 'src/metrics/scheduler-metrics.ts' },
  { from: 'src/jobs/job.model.ts', to: 'src/config/radix-vocabulary.config.ts' },
  { from: 'src/app.module.ts', to: 'src/kube/kube.module.ts' },
];

describe('the boundary rules', () => {
  let root: string;

  /** A tree of its own with just the probe's two files (and the way back, for a cycle), cruised with the project's rules. */
  const violations = async ({ from, to }: Omit<Probe, 'rule'>, cycle = false): Promise<string[]> => {
    const dir = mkdtempSync(join(root, 'probe-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    const local = to.includes('/') && !to.startsWith('@');
    write(from, `import '${local ? relative(from, to) : to}';\n`);
    if (local) write(to, cycle ? `import '${relative(to, from)}';\n` : 'export const probe = 1;\n');
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const { output } = await cruise([dirname(from).split('/')[0]], { ruleSet: { forbidden }, validate: true });
      if (typeof output === 'string') throw new Error(output);
      return output.summary.violations.map((violation) => violation.rule.name);
    } finally {
      process.chdir(previous);
    }
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'boundaries-'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(probes)('$rule catches $from importing $to', async (probe) => {
    expect(await violations(probe, probe.rule === 'no-cycles')).toContain(probe.rule);
  });

  it.each(allowed)('lets $from import $to', async (probe) => {
    expect(await violations(probe)).toEqual([]);
  });
});

/** `to` as an import written in `from`, with the `.ts` a TypeScript import of a sibling would have. */
function relative(from: string, to: string): string {
  const up = from.split('/').slice(0, -1);
  const down = to.split('/');
  let common = 0;
  while (common < up.length && up[common] === down[common]) common++;
  const path = [...up.slice(common).map(() => '..'), ...down.slice(common)].join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
