import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { withoutToken } from './openapi-auth.js';
import { forLocalRuntime } from './openapi-runtime.js';

/**
 * The API's OpenAPI document, as this scheduler answers: with JOB_SCHEDULER_API_TOKEN set it
 * declares bearer auth and the 401 of every route; without, neither. On the local runtime it
 * declares the fields that runtime refuses. The committed openapi.json (`general`) is the
 * document of a scheduler with a token and every field, so generated clients can use them all.
 */
export function buildOpenApiDocument(app: INestApplication, { general = false } = {}): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Job scheduler')
    .setDescription(
      'Starts, watches, stops and deletes short-lived jobs of one job definition. ' +
        'Wire-compatible with the Radix job-scheduler API. Errors are Radix Status objects.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'JOB_SCHEDULER_API_TOKEN, which this scheduler has set.' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  if (general) return document;
  const scheduler = app.get(SchedulerConfig);
  const served = scheduler.http.apiToken ? document : withoutToken(document);
  return scheduler.runtime === 'local' ? forLocalRuntime(served, scheduler.local) : served;
}

/** Swagger UI at /swagger, the document at /swagger-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('swagger', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'swagger-json' });
}
