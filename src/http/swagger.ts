import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The API's OpenAPI document; the same for every job definition, and committed as openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Job scheduler')
    .setDescription(
      'Starts, watches, stops and deletes short-lived jobs of one job definition. ' +
        'Wire-compatible with the Radix job-scheduler API. Errors are Radix Status objects.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Only when JOB_SCHEDULER_API_TOKEN is set.' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /swagger, the document at /swagger-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('swagger', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'swagger-json' });
}
