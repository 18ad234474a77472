/** What a request body may be, before any conversion walks it. */
export interface ShapeLimits {
  depth: number;
  keysPerObject: number;
  values: number;
}

export const SHAPE_LIMITS: ShapeLimits = { depth: 32, keysPerObject: 1000, values: 500_000 };

/** Keys that mean something to JavaScript objects: refused rather than dropped or obeyed. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first thing wrong with the shape of parsed JSON, or undefined: too deep (class-transformer
 * recurses, and a few thousand levels overflow the stack), an object with too many keys (its
 * handling grows with their square, and would block the event loop), too many values in all,
 * or a key that names an object's prototype. Walked without recursion, in one pass.
 */
export function shapeProblem(value: unknown, limits: ShapeLimits = SHAPE_LIMITS): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    if (++values > limits.values) return `request body: more than ${limits.values} values`;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limits.depth) return `${path || 'request body'}: nested more than ${limits.depth} levels deep`;
    if (Array.isArray(item)) {
      item.forEach((child, i) => stack.push({ value: child, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    const keys = Object.keys(item);
    if (keys.length > limits.keysPerObject)
      return `${path || 'request body'}: ${keys.length} keys; an object may have at most ${limits.keysPerObject}`;
    for (const key of keys) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return `${at}: "${key}" is not allowed as a name`;
      stack.push({ value: (item as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
