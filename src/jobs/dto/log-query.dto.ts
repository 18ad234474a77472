import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

/** Query values arrive as text and stay text; the document gives the type a client sends: exactly `true`/`false` and whole numbers. */
export class LogQuery {
  @ApiPropertyOptional({
    type: 'boolean',
    description: 'Go on with the output while the job runs; the answer ends when the job has ended. Only `true` and `false`.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'follow must be true or false' })
  follow?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100000, description: 'Only the last lines, 0 to 100000.', example: 100 })
  @IsOptional()
  @Matches(/^(100000|\d{1,5})$/, { message: 'tail must be a whole number of lines from 0 to 100000' })
  tail?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 9999,
    description: 'The attempt by its index (podIndex), 0 to 9999; the last when absent. An index the job has not reached is a 422.',
    example: 0,
  })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'attempt must be the index of an attempt: a whole number from 0' })
  attempt?: string;
}
