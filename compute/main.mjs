// The seed guide's compute job: adds the two numbers of its payload, e.g. {"x": 10, "y": 20}.
// The scheduler names the payload file in RADIX_JOB_PAYLOAD_FILE: a file of the job's own on
// the local runtime, /compute/args/payload (payload.path + /payload) in the container.
import { readFileSync } from 'node:fs';

const file = process.env.RADIX_JOB_PAYLOAD_FILE ?? '/compute/args/payload';
const job = process.env.RADIX_JOB_NAME ?? 'compute';

function add(text) {
  let payload;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new Error(`the payload is not JSON: ${error.message}`, { cause: error });
  }
  const { x, y } = payload ?? {};
  if (typeof x !== 'number' || typeof y !== 'number') throw new Error('the payload needs two numbers, like {"x": 10, "y": 20}');
  return `x + y = ${x + y}`;
}

try {
  const result = add(readFileSync(file, 'utf8'));
  console.log(`compute: job ${job} started`);
  console.log(`compute: ${result}`);
} catch (error) {
  console.error(`compute: job ${job} failed: ${error.message} (payload file ${file})`);
  // exitCode rather than exit(): the message above must reach the pipe before the process ends.
  process.exitCode = 1;
}
