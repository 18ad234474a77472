import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A Kubernetes resource quantity such as `500m`, `2`, `1.5Gi` or `1e3`. */
export const QUANTITY = /^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
/** An environment variable name as Kubernetes accepts it (C_IDENTIFIER-like, dots and dashes allowed). */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** A resource name: an optional DNS-subdomain prefix and a name (`cpu`, `nvidia.com/gpu`). */
export const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
/** A label value: at most 63 characters, alphanumeric at both ends. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function everyEntry(value: unknown, ok: (key: string, item: unknown) => boolean): boolean {
  return isPlainObject(value) && Object.entries(value).every(([key, item]) => ok(key, item));
}

/** Text a process can be given: well-formed Unicode (no lone surrogate) without NUL, which ends C strings. */
export function isCleanText(value: unknown): boolean {
  return typeof value === 'string' && value.isWellFormed() && !value.includes('\u0000');
}

/** An object of environment variables: valid names, string values. */
export function IsEnvVarMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEnvVarMap',
      validator: {
        validate: (value) => everyEntry(value, (key, item) => ENV_NAME.test(key) && !key.startsWith('RADIX_') && isCleanText(item)),
        defaultMessage: (args) =>
          `${args?.property} must be an object of environment variables: names of letters, digits, '_', '-' or '.' not starting with a digit nor with RADIX_ (reserved), and text values without NUL or lone surrogates`,
      },
    },
    options,
  );
}

/** Each item text a process can be given (see isCleanText). */
export function IsCleanTextEach(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanTextEach',
      validator: {
        validate: (value) => Array.isArray(value) && value.every(isCleanText),
        defaultMessage: (args) => `${args?.property} must be a list of strings without NUL or lone surrogates`,
      },
    },
    options,
  );
}

/** An object of resource names to Kubernetes quantities, e.g. `{"cpu": "500m", "memory": "1Gi"}`. */
export function IsResourceList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isResourceList',
      validator: {
        validate: (value) => everyEntry(value, (key, item) => RESOURCE_NAME.test(key) && typeof item === 'string' && QUANTITY.test(item)),
        defaultMessage: (args) => `${args?.property} must be an object of resource names to quantities such as "500m", "2" or "1Gi"`,
      },
    },
    options,
  );
}

/** A Kubernetes label value (at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends). */
export function IsLabelValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLabelValue',
      validator: {
        validate: (value) => typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value),
        defaultMessage: (args) =>
          `${args?.property} must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      },
    },
    options,
  );
}
