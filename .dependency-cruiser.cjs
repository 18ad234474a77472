// The rooms of src/ (house style: one door per outside system). `npm test` checks them.
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
      from: { path: '^src/', pathNot: ['^src/local/', '\\.spec\\.ts$'] },
      to: { path: '^(node:)?child_process$' },
    },
    {
      name: 'the-domain-knows-no-transport-or-runtime',
      comment: 'src/jobs is the domain: it imports neither the HTTP layer nor a runtime.',
      severity: 'error',
      from: { path: '^src/jobs/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/(http|kube|local|webhooks|metrics|console)/' },
    },
    {
      name: 'no-cycles',
      comment: 'ESM import cycles between decorated classes throw at start.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(test|client|console)/' },
  },
};
