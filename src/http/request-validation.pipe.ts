import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { InvalidRequestError } from '../jobs/jobs.errors.js';
import { shapeProblem } from '../validation/json-shape.js';
import { describeValidationErrors } from '../validation/validation-errors.js';

/**
 * Validates and converts request bodies to their DTO classes. Unknown fields are dropped,
 * types are never coerced ("10" is not a number), and every broken rule is named.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new InvalidRequestError(describeValidationErrors(errors).join('; ')),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // No body at all is an empty description: `curl -X POST .../jobs` starts a job with defaults.
    if (metadata.type === 'body' && value === undefined) value = {};
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidRequestError('request body must be a JSON object');
    }
    // Before class-transformer walks it: a hostile shape would overflow its stack or block the loop.
    const problem = metadata.type === 'body' || metadata.type === 'query' ? shapeProblem(value) : undefined;
    if (problem) throw new InvalidRequestError(problem);
    return super.transform(value, metadata);
  }
}
