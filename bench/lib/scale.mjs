/**
 * How big each module runs. `BENCH_SCALE=smoke` is tiny and checks no goals: it only proves
 * the suite still runs end to end (npm test runs it).
 */
const FULL = {
  name: 'full',
  listSizes: [100, 1000, 5000],
  listSamples: { 100: 200, 1000: 200, 5000: 20 },
  // At 1,000 jobs, 32 clients at once: rounds a side, requests a round.
  listLoadSize: 1000,
  listLoadRounds: 4,
  listLoadRequests: 64,
  createConcurrency: [1, 8, 32],
  createsPerRound: { 1: 10, 8: 40, 32: 64 },
  createRounds: 3,
  freshnessSamples: 60,
  eventJobs: 60,
  memoryJobs: 10_000,
  spawnJobs: 200,
  createRateJobs: 1000,
  batchJobs: 500,
  // One round a side (about 30 s): the suite's 10 minutes have no room for a second, and the
  // ratio's margin (about 0.5 against a goal of 1.11) is far wider than a round's spread.
  batchRounds: 1,
  firings: 60,
  admissions: 60,
  queueJobs: 500,
  queueCap: 25,
  queueRunSeconds: '1',
  queueRounds: 1,
  checkGoals: true,
};

const SMOKE = {
  name: 'smoke',
  listSizes: [3, 6],
  listSamples: { 3: 3, 6: 3 },
  listLoadSize: 6,
  listLoadRounds: 1,
  listLoadRequests: 4,
  createConcurrency: [1, 2],
  createsPerRound: { 1: 2, 2: 2 },
  createRounds: 1,
  freshnessSamples: 2,
  eventJobs: 3,
  memoryJobs: 10,
  spawnJobs: 3,
  createRateJobs: 4,
  batchJobs: 3,
  batchRounds: 1,
  firings: 3,
  admissions: 3,
  queueJobs: 6,
  queueCap: 2,
  queueRunSeconds: '0.5',
  queueRounds: 1,
  checkGoals: false,
};

export const scale = process.env.BENCH_SCALE === 'smoke' ? SMOKE : FULL;
