import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { BATCH_STATES } from '../../config/radix-vocabulary.config.js';
import { ListQuery } from '../../jobs/dto/list-query.dto.js';
import { LABEL_TEXT } from '../../jobs/dto/schema-patterns.js';
import { IsLabelValue } from '../../validation/validators.js';

export class BatchListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: BATCH_STATES, enumName: 'BatchState', description: 'Only batches with this status.' })
  @IsOptional()
  @IsIn(BATCH_STATES, { message: `status must be one of ${BATCH_STATES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'Only batches with this batchId.', ...LABEL_TEXT })
  @IsOptional()
  @IsLabelValue()
  batchId?: string;
}
