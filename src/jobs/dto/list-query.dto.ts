import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsRFC3339, Matches } from 'class-validator';
import { LABEL_TEXT } from './schema-patterns.js';
import { IsLabelValue } from '../../validation/validators.js';

const JOB_STATES = ['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'];

/**
 * Paging and time filters shared by the job and batch lists. Without any, a list is the whole, plain array.
 * Query values arrive as text and stay text; the document gives the type a client sends (limit is an integer).
 */
export class ListQuery {
  @ApiPropertyOptional({
    description: 'Only those created at or after this time (RFC 3339).',
    format: 'date-time',
    example: '2021-04-07T00:00:00Z',
  })
  @IsOptional()
  @IsRFC3339({ message: 'createdAfter must be an RFC 3339 time such as 2021-04-07T00:00:00Z' })
  createdAfter?: string;

  @ApiPropertyOptional({
    description: 'Only those created before this time (RFC 3339).',
    format: 'date-time',
    example: '2021-04-08T00:00:00Z',
  })
  @IsOptional()
  @IsRFC3339({ message: 'createdBefore must be an RFC 3339 time such as 2021-04-08T00:00:00Z' })
  createdBefore?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    description: 'At most this many (1 to 1000); the X-Continue header then carries the token of the next page.',
    example: 100,
  })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional({
    description: 'The X-Continue token of the previous page, as it was given.',
    pattern: '^[A-Za-z0-9_-]+$',
    maxLength: 400,
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'continue must be the X-Continue token of a previous page' })
  continue?: string;
}

export class JobListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: JOB_STATES, enumName: 'JobState', description: 'Only jobs with this status.' })
  @IsOptional()
  @IsIn(JOB_STATES, { message: `status must be one of ${JOB_STATES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'Only jobs with this jobId.', ...LABEL_TEXT })
  @IsOptional()
  @IsLabelValue()
  jobId?: string;
}
