// The rooms of src/ and what may never import what (house style: one door per outside system,
// a kernel that knows no feature, runtimes that report through the hub). `npm test` checks
// them, and test/boundaries/rules.spec.ts shows each rule catching a probe.
const FEATURES = '(batches|events|retention|schedules|queue|webhooks|metrics|health)';
const BOOT = '^src/[^/]+\\.ts$';
const NOT_SPEC = '\\.spec\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'one-door-to-kubernetes',
      comment: 'Only src/kube talks to the Kubernetes API.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kube/' },
      to: { path: '@kubernetes/client-node' },
    },
    {
      name: 'one-connection-pool-for-kubernetes',
      comment: 'undici is here only to keep connections to the API server alive (src/kube/connection-pool.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kube/connection-pool\\.ts$' },
      to: { path: '(^|node_modules/)undici(/|$)' },
    },
    {
      name: 'one-door-to-processes',
      comment: 'Only src/local spawns processes.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/local/', NOT_SPEC] },
      to: { path: '^(node:)?child_process$' },
    },
    {
      name: 'the-kernel-knows-no-feature-transport-or-runtime',
      comment:
        'src/jobs is the kernel and single jobs: it imports no feature, no consumer, no HTTP layer, no runtime and nothing at boot level.',
      severity: 'error',
      from: { path: '^src/jobs/', pathNot: NOT_SPEC },
      to: { path: [`^src/${FEATURES}/`, '^src/(http|kube|local|console)/', BOOT] },
    },
    {
      name: 'the-hub-knows-no-consumer',
      comment: 'The event hub publishes; webhooks, metrics and the stream read it. It never calls them.',
      severity: 'error',
      from: { path: '^src/jobs/job-event-hub\\.ts$' },
      to: { path: '^src/(webhooks|metrics|events)/' },
    },
    {
      name: 'runtimes-report-through-the-hub',
      comment: 'A runtime publishes changes and signals to the hub; it imports no consumer, no feature, no HTTP layer.',
      severity: 'error',
      from: { path: '^src/(kube|local)/', pathNot: NOT_SPEC },
      to: { path: [`^src/${FEATURES}/`, '^src/(http|console)/', BOOT] },
    },
    {
      name: 'runtimes-are-independent',
      comment: 'Kubernetes and local processes share only the port (src/jobs).',
      severity: 'error',
      from: { path: '^src/(kube|local)/' },
      to: { path: '^src/(kube|local)/', pathNot: '^src/$1/' },
    },
    {
      name: 'features-go-through-the-port',
      comment: 'Features, consumers and probes reach a runtime only through JobGateway, chosen at boot.',
      severity: 'error',
      from: { path: `^src/${FEATURES}/`, pathNot: NOT_SPEC },
      to: { path: ['^src/(kube|local)/', BOOT] },
    },
    {
      name: 'consumers-are-independent',
      comment: 'Webhook delivery and the event stream each read the hub; neither knows the other.',
      severity: 'error',
      from: { path: '^src/(webhooks|events)/' },
      to: { path: '^src/(webhooks|events)/', pathNot: '^src/$1/' },
    },
    {
      name: 'delivery-is-no-api-route',
      comment: 'Webhooks POST to receivers; they serve nothing, so they need nothing of the HTTP layer.',
      severity: 'error',
      from: { path: '^src/webhooks/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'the-http-layer-is-below-boot',
      comment: 'src/http holds guards, limits, errors and Swagger; boot assembles them. It imports nothing at boot level and no feature.',
      severity: 'error',
      from: { path: '^src/http/', pathNot: NOT_SPEC },
      to: { path: [BOOT, `^src/${FEATURES}/`, '^src/(kube|local|console)/'] },
    },
    {
      name: 'config-is-below-the-domain',
      comment: 'Settings and the Radix vocabulary are read by the domain; config imports only validators.',
      severity: 'error',
      from: { path: '^src/config/', pathNot: NOT_SPEC },
      to: { path: '^src/', pathNot: '^src/(config|validation)/' },
    },
    {
      name: 'validators-are-the-floor',
      comment: 'src/validation is shared by config and DTOs, and imports nothing of the scheduler.',
      severity: 'error',
      from: { path: '^src/validation/', pathNot: NOT_SPEC },
      to: { path: '^src/', pathNot: '^src/validation/' },
    },
    {
      name: 'the-console-speaks-only-through-the-typed-client',
      comment: 'console/ reaches the API only through @job-scheduler/client, never the server code or the generated code under it.',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: ['^src/', '^client/src/', '^client/dist/gen/', '^test/'] },
    },
    {
      name: 'no-cycles',
      comment: 'ESM import cycles between decorated classes throw at start.',
      severity: 'error',
      from: { path: '^(src|console)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^client/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^test/' },
  },
};
