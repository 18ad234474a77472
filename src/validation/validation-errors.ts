import type { ValidationError } from 'class-validator';

/**
 * Flattens class-validator's nested errors into one line per broken rule, each naming the
 * full property path (`spec.jobs[0].schedulerPort must be an integer`).
 */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => withPath(message, error.property, path));
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator messages start with the bare property name; replace it with the full path. */
function withPath(message: string, property: string, path: string): string {
  return message.startsWith(property) ? path + message.slice(property.length) : `${path}: ${message}`;
}
