import { Logger, type LogLevel } from '@nestjs/common';

// Tests show errors only; TEST_LOG_LEVEL=debug (or log, warn) shows more while debugging.
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const wanted = (process.env.TEST_LOG_LEVEL ?? 'error') as LogLevel;
Logger.overrideLogger(LEVELS.slice(0, LEVELS.indexOf(wanted) + 1));
