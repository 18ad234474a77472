import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class LogQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], enumName: 'Flag', description: 'Go on with the output while the job runs; the answer ends when the job has ended.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'follow must be true or false' })
  follow?: string;

  @ApiPropertyOptional({ description: 'Only the last lines, 0 to 100000.', pattern: '^[0-9]+$', example: '100' })
  @IsOptional()
  @Matches(/^(100000|\d{1,5})$/, { message: 'tail must be a whole number of lines from 0 to 100000' })
  tail?: string;

  @ApiPropertyOptional({ description: 'The attempt by its index (podIndex); the last when absent.', pattern: '^[0-9]+$', example: '0' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'attempt must be the index of an attempt: a whole number from 0' })
  attempt?: string;
}
