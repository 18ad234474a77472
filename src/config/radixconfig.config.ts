import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeValidationErrors } from '../validation/validation-errors.js';
import { RadixApplication } from './radix-application.config.js';

/**
 * Parses radixconfig.yaml text. Returns the application, or the problems found, each line
 * prefixed with `label` and naming the path of the bad key.
 */
export function parseRadixConfig(text: string, label: string): RadixApplication | string[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return [`${label}: not valid YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return [`${label}: must be a YAML mapping with a spec.jobs list`];
  }
  const application = plainToInstance(RadixApplication, document);
  const errors = validateSync(application, { forbidUnknownValues: false });
  if (errors.length > 0) return describeValidationErrors(errors).map((line) => `${label}: ${line}`);
  return application;
}

export function readRadixConfig(path: string): RadixApplication | string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return [`${path}: ${reason} (set --config or RADIX_CONFIG_FILE to the radixconfig.yaml to serve)`];
  }
  return parseRadixConfig(text, path);
}
