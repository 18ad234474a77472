import { ENV_NAME, LABEL_VALUE, QUANTITY, RESOURCE_NAME } from '../../validation/validators.js';

/**
 * The patterns the validators enforce, written as the OpenAPI document states them, so that
 * the document accepts exactly what the server does. Character classes are spelled out in
 * ASCII: `\w` means more in some regular-expression dialects that read the document.
 */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const IMAGE = /^[A-Za-z0-9][A-Za-z0-9_.\-/:@+]{0,511}$/;
export const GPU_COUNT = /^[0-9]+$/;
export const NODE_TYPE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Text a process can be given: no NUL (a lone surrogate, also refused, cannot be written as a pattern). */
export const CLEAN_TEXT = { type: 'string', pattern: '^[^\\u0000]*$' } as const;

/** A label value such as a jobId or batchId. */
export const LABEL_TEXT = { type: 'string', pattern: LABEL_VALUE.source, maxLength: 63 } as const;

/** Environment variables: names as Kubernetes takes them, text values (RADIX_ names are reserved). */
export const ENV_VAR_MAP = {
  type: 'object',
  propertyNames: { pattern: ENV_NAME.source, not: { pattern: '^RADIX_' } },
  additionalProperties: CLEAN_TEXT,
} as const;

/** Resource names to Kubernetes quantities. */
export const RESOURCE_LIST = {
  type: 'object',
  propertyNames: { pattern: RESOURCE_NAME.source },
  additionalProperties: { type: 'string', pattern: QUANTITY.source },
} as const;
