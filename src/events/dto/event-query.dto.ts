import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class EventQuery {
  @ApiPropertyOptional({ description: 'Only the events of this job.', pattern: NAME.source })
  @IsOptional()
  @Matches(NAME, { message: 'job must be a job name' })
  job?: string;

  @ApiPropertyOptional({ description: 'Only the events of the jobs of this batch.', pattern: NAME.source })
  @IsOptional()
  @Matches(NAME, { message: 'batch must be a batch name' })
  batch?: string;

  @ApiPropertyOptional({
    description: "The API token, for a browser's EventSource, which cannot send an Authorization header.",
    pattern: '^[\\x21-\\x7e]+$',
    minLength: 1,
    maxLength: 4096,
  })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,4096}$/, { message: 'access_token must be the API token' })
  access_token?: string;
}
