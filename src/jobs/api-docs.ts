import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Status } from './dto/status.dto.js';

/** What every controller under /api shares: the errors any of its routes may answer (the token is checked before any route, see src/http/api-token.ts). */
export function ApiController(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: Status, description: 'JOB_SCHEDULER_API_TOKEN is set and the bearer token is missing or wrong.' }),
    ApiForbiddenResponse({
      type: Status,
      description:
        'A browser sent it for a page of another origin (not in JOB_SCHEDULER_ALLOWED_ORIGINS), or Host names no name of this scheduler.',
    }),
    ApiInternalServerErrorResponse({
      type: Status,
      description: 'A bug or a misconfigured cluster (e.g. a missing Role permission); details are in the log.',
    }),
    ApiServiceUnavailableResponse({
      type: Status,
      description: "The runtime cannot be reached now, or a job's secret is missing; retry after Retry-After seconds.",
    }),
  );
}

/** The answers of a route that takes a body and starts jobs. */
export function ApiSubmit(what: string, tooLarge: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', minLength: 1, maxLength: 255 },
      description: `Up to 255 visible ASCII characters. The same key within 24 hours answers with the ${what} it made first, also after a restart; with a different body it is a 409.`,
    }),
    ApiUnprocessableEntityResponse({
      type: Status,
      description:
        'The body is not JSON, has a wrong type or value (the field is named), sends a payload to a job without payload.path, or (local runtime) chooses the program, an image or a loader variable.',
    }),
    ApiBadRequestResponse({ type: Status, description: 'The body is not valid UTF-8, or its Content-Encoding cannot be decoded.' }),
    ApiPayloadTooLargeResponse({ type: Status, description: tooLarge }),
    ApiUnsupportedMediaTypeResponse({
      type: Status,
      description: 'A browser page sent a body that is not Content-Type: application/json.',
    }),
  );
}

/** The X-Continue header of a paged list. */
export const CONTINUE_HEADER = {
  'X-Continue': { description: 'Present when `limit` cut the list: pass it as `continue` for the next page.', schema: { type: 'string' } },
} as const;

/**
 * The content of a 200 that is text. Given per response, not with @ApiProduces, which would
 * also declare the route's errors as text: they are application/json Status bodies.
 */
export const TEXT = { 'text/plain': { schema: { type: 'string' } } } as const;

/**
 * Marks in the OpenAPI document what this scheduler adds to the Radix job-scheduler API, a
 * field or a route: a Radix client neither sends nor reads it.
 */
export const EXTENSION = { 'x-extension': true } as const;
