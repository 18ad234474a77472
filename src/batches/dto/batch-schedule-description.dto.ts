import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsDefined, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsLabelValue } from '../../validation/validators.js';
import { LABEL_TEXT } from '../../jobs/dto/schema-patterns.js';
import { EXTENSION } from '../../jobs/api-docs.js';
import { JobScheduleDescription, RadixJobComponentConfig } from '../../jobs/dto/job-schedule-description.dto.js';

/** The body of `POST /api/v1/batches`: jobs that start together, each from the defaults with its own values on top. */
export class BatchScheduleDescription {
  @ApiPropertyOptional({
    description: 'Your own ID for the batch, returned in its status and set as label radix-batch-id.',
    example: 'nightly-2021-04-07',
    nullable: true,
    ...LABEL_TEXT,
  })
  @IsOptional()
  @IsLabelValue()
  batchId?: string;

  @ApiPropertyOptional({
    type: () => RadixJobComponentConfig,
    description:
      "Settings for every job of the batch; a job's own values win, and variables (and resource requests and limits) are merged name by name.",
    nullable: true,
  })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'defaultRadixJobComponentConfig must be an object' })
  @Type(() => RadixJobComponentConfig)
  defaultRadixJobComponentConfig?: RadixJobComponentConfig;

  @ApiPropertyOptional({
    description: "Extension: at most this many of its jobs run at once, as a Job's parallelism; the rest wait in the queue.",
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 100_000,
    format: 'int32',
    ...EXTENSION,
  })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  @IsInt()
  maxConcurrentJobs?: number;

  @ApiProperty({
    type: () => [JobScheduleDescription],
    description: 'The jobs, at least one; how many at most is a setting (JOB_SCHEDULER_MAX_BATCH_JOBS).',
    minItems: 1,
  })
  @IsDefined({ message: 'jobScheduleDescriptions is required' })
  @ArrayMinSize(1, { message: 'jobScheduleDescriptions must list at least one job' })
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'each jobScheduleDescriptions entry must be an object' })
  @IsArray()
  @Type(() => JobScheduleDescription)
  jobScheduleDescriptions!: JobScheduleDescription[];
}
