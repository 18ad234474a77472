// The local runtime's stand-in for a job container: it honours the same SIM_* variables as
// the test cluster's pod simulator, so one test can choose an outcome on either runtime.
//   SIM_RUN_SECONDS   how long to run (default 0.2)
//   SIM_EXIT_CODE     exit code (default 0)
//   SIM_LOG           text written to stdout
//   SIM_PAYLOAD_COPY_DIR  copy the payload file to <dir>/<RADIX_JOB_NAME>, to check its bytes
//   SIM_LOG_VARIABLE  write `<name>=<value>` of the variable it names to stdout (local runtime only)
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const env = process.env;
if (env.SIM_PAYLOAD_COPY_DIR && env.RADIX_JOB_PAYLOAD_FILE) {
  copyFileSync(env.RADIX_JOB_PAYLOAD_FILE, join(env.SIM_PAYLOAD_COPY_DIR, env.RADIX_JOB_NAME));
}
if (env.SIM_LOG) process.stdout.write(env.SIM_LOG);
if (env.SIM_LOG_VARIABLE) process.stdout.write(`${env.SIM_LOG_VARIABLE}=${env[env.SIM_LOG_VARIABLE] ?? ''}`);
setTimeout(() => process.exit(Number(env.SIM_EXIT_CODE ?? 0)), Number(env.SIM_RUN_SECONDS ?? 0.2) * 1000);
