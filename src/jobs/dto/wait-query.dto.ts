import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/**
 * `?wait=<seconds>` on a job or a batch: answer once it has finished, or when the wait ends.
 * The value arrives as text and stays text; the document gives the type a client sends.
 */
export class WaitQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 300,
    description:
      'Seconds to wait, 0 to 300, for the job (or every job of the batch) to finish before answering; the answer comes as soon as it has.',
    example: 60,
  })
  @IsOptional()
  @Matches(/^(300|[12]\d\d|[1-9]?\d)$/, { message: 'wait must be a whole number of seconds from 0 to 300' })
  wait?: string;
}
