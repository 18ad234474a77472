import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, type LogLevel } from '@nestjs/common';
import { createSchedulerApp } from './app.setup.js';
import { ConfigError } from './config/config.errors.js';
import { loadProcessSettings } from './config/settings.config.js';
import { SchedulerMetrics } from './metrics/scheduler-metrics.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

async function main(): Promise<void> {
  const settings = loadProcessSettings(process.argv.slice(2), process.env);
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(settings.logLevel) + 1);
  const logger = new ConsoleLogger({ json: settings.logFormat === 'json', logLevels });
  logger.log(`runtime=${settings.runtime} because ${settings.runtimeReason}`, 'Main');
  settings.warnings.forEach((warning) => logger.warn(warning, 'Main'));
  const apps: INestApplication[] = [];
  const metrics = new SchedulerMetrics();
  for (const config of settings.schedulers) {
    const app = await createSchedulerApp(config, logger, metrics);
    apps.push(app);
    const { host, port } = config.http;
    const what = `job=${config.job.name} environment=${config.environment}`;
    if (port === undefined) await app.init();
    else await app.listen(port, host);
    logger.log(
      port === undefined ? `serving ${what} on no port: its schedules start its runs` : `serving ${what} on host=${host} port=${port}`,
      'Main',
    );
  }
  const shutdown = async (signal: string) => {
    logger.log(`${signal} received, finishing in-flight requests`, 'Main');
    await Promise.all(apps.map((app) => app.close()));
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) error.problems.forEach((line) => console.error(`invalid setting: ${line}`));
  else console.error(error);
  process.exit(1);
});
