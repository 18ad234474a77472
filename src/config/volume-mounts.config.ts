import { Type } from 'class-transformer';
import { IsOptional, ValidateBy, type ValidationArguments, ValidateNested } from 'class-validator';
import { QUANTITY } from '../validation/validators.js';
import type { EmptyDirMount } from './radix-vocabulary.config.js';

/**
 * Radix's `volumeMounts` of a job. Only emptyDir mounts are applied; the others (Azure storage)
 * are validated as Radix's webhook does (a name, a path, one source) and named at start as not applied.
 */

/** An emptyDir mount's name becomes a volume name and a variable name: a DNS label. */
const MOUNT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The sources of a Radix volume mount; exactly one is set. */
export const VOLUME_SOURCES = ['emptyDir', 'blobFuse2', 'azureFile', 'type'] as const;

export class RadixEmptyDir {
  /** A Kubernetes quantity; YAML may write it as a number. */
  @ValidateBy({
    name: 'isSizeLimit',
    validator: {
      validate: (value: unknown) =>
        (typeof value === 'number' || typeof value === 'string') && QUANTITY.test(String(value)) && Number.parseFloat(String(value)) > 0,
      defaultMessage: (args) =>
        `sizeLimit must be a quantity above zero such as "500Mi" or "1Gi"${args?.value === undefined ? ' (it is not set)' : ''}`,
    },
  })
  sizeLimit!: string | number;
}

export class RadixVolumeMount {
  @ValidateBy({
    name: 'mountName',
    validator: {
      validate: (value: unknown, args) =>
        typeof value === 'string' && value.length <= 40 && (isEmptyDir(args) ? MOUNT_NAME.test(value) : value.length > 0),
      defaultMessage: () => 'name must be a name of at most 40 characters (lowercase letters, digits and - for an emptyDir)',
    },
  })
  name!: string;

  @ValidateBy({
    name: 'mountPath',
    validator: {
      validate: (value: unknown, args) => typeof value === 'string' && value.length > 0 && (!isEmptyDir(args) || value.startsWith('/')),
      defaultMessage: () => 'path must be the absolute path the volume is mounted at',
    },
  })
  path!: string;

  @IsOptional() @ValidateNested() @Type(() => RadixEmptyDir) emptyDir?: RadixEmptyDir;
}

function isEmptyDir(args: ValidationArguments | undefined): boolean {
  return (args?.object as RadixVolumeMount).emptyDir !== undefined;
}

/** Radix's rules for a job's (or an environment's) list of volume mounts: unique names, one source each. */
export function IsVolumeMountList(): PropertyDecorator {
  return ValidateBy({
    name: 'isVolumeMountList',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || mountListProblem(value) === undefined,
      defaultMessage: (args) => `volumeMounts${mountListProblem(args?.value as unknown[]) ?? ''}`,
    },
  });
}

function mountListProblem(mounts: unknown[]): string | undefined {
  const names = new Set<unknown>();
  for (const [index, mount] of mounts.entries()) {
    const entry = (mount ?? {}) as Record<string, unknown>;
    const sources = VOLUME_SOURCES.filter((source) => entry[source] !== undefined);
    if (sources.length !== 1) {
      const found = sources.length === 0 ? 'none' : sources.join(' and ');
      return `[${index}] must set exactly one of ${VOLUME_SOURCES.join(', ')} (it sets ${found})`;
    }
    if (names.has(entry.name)) return `[${index}].name ${String(entry.name)} is the name of an earlier mount; names are unique`;
    names.add(entry.name);
  }
  return undefined;
}

/**
 * The emptyDir mounts of a job in an environment. As in Radix, an environment's mount replaces
 * the job's mount of the same name, and its other mounts are added; mounts of other sources
 * (Azure storage) are not applied, and the start-up warning names them.
 */
export function emptyDirMounts(own: RadixVolumeMount[] = [], environment: RadixVolumeMount[] = []): EmptyDirMount[] {
  const replaced = new Map(environment.map((mount) => [mount.name, mount]));
  const merged = [
    ...own.map((mount) => replaced.get(mount.name) ?? mount),
    ...environment.filter((m) => !own.some((o) => o.name === m.name)),
  ];
  return merged.flatMap(({ name, path, emptyDir }) => (emptyDir ? [{ name, path, sizeLimit: String(emptyDir.sizeLimit) }] : []));
}

/** Kubernetes refuses two mounts at one path: each emptyDir needs its own, apart from the payload's. */
export function mountPathProblems(job: string, mounts: EmptyDirMount[], payloadPath?: string): string[] {
  return mounts.flatMap(({ name, path }, index) => {
    const earlier = mounts.slice(0, index).find((other) => other.path === path);
    if (earlier) return [`jobs[${job}].volumeMounts[${name}].path: ${path} is also the path of ${earlier.name}`];
    if (path === payloadPath) return [`jobs[${job}].volumeMounts[${name}].path: ${path} is also payload.path`];
    return [];
  });
}
