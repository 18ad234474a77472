import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Radix's (and Kubernetes') `Status`: the body of every error and of a successful delete or stop. */
export class Status {
  @ApiProperty({ enum: ['Success', 'Failure'], enumName: 'StatusOutcome' }) status!: 'Success' | 'Failure';
  @ApiProperty({
    description: 'Human-readable description of what happened.',
    example: 'job compute-20210407105556-rkwaibwe successfully deleted',
  })
  message!: string;
  @ApiPropertyOptional({
    enum: [
      'Invalid',
      'RequestEntityTooLarge',
      'NotFound',
      'BadRequest',
      'Conflict',
      'Unauthorized',
      'Forbidden',
      'MethodNotAllowed',
      'UnsupportedMediaType',
      'RequestHeaderFieldsTooLarge',
      'RequestTimeout',
      'ServiceUnavailable',
      'InternalError',
    ],
    enumName: 'StatusReason',
    description: 'Machine-readable cause of a failure; absent on success.',
  })
  reason?: string;
  @ApiProperty({ description: 'The HTTP status code.', example: 200, type: 'integer', format: 'int64' }) code!: number;
}

export function success(message: string): Status {
  return { status: 'Success', message, code: 200 };
}
