import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The document of a scheduler without JOB_SCHEDULER_API_TOKEN: no bearer scheme, no security
 * requirement and no 401, since nothing is checked (src/http/api-token.ts).
 */
export function withoutToken(document: OpenAPIObject): OpenAPIObject {
  const copy = structuredClone(document);
  delete copy.components?.securitySchemes;
  delete copy.security;
  for (const path of Object.values(copy.paths)) {
    for (const operation of Object.values(path) as unknown[]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const { responses } = operation as { responses: Record<string, unknown> };
      delete (operation as { security?: unknown }).security;
      delete responses['401'];
    }
  }
  return copy;
}
