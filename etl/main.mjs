// The seed guide's etl job: a pretend extract, transform and load that takes about 1.5 s.
import { setTimeout as sleep } from 'node:timers/promises';

const job = process.env.RADIX_JOB_NAME ?? 'etl';
const rows = [
  { city: 'Oslo', celsius: 4 },
  { city: 'Bergen', celsius: 7 },
  { city: 'Trondheim', celsius: 2 },
];

console.log(`etl: job ${job} started`);
await sleep(500);
console.log(`etl: extracted ${rows.length} rows`);
await sleep(500);
const transformed = rows.map((row) => ({ ...row, fahrenheit: Math.round((row.celsius * 9) / 5 + 32) }));
console.log(`etl: transformed ${transformed.map((row) => `${row.city}=${row.fahrenheit}F`).join(', ')}`);
await sleep(500);
console.log(`etl: loaded ${transformed.length} rows`);
