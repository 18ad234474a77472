import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsResourceList } from '../../validation/validators.js';

const RESOURCE_LIST = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;

export class Resources {
  @ApiPropertyOptional({ ...RESOURCE_LIST, description: 'Reserved resources.', example: { cpu: '500m', memory: '1Gi' } })
  @IsOptional()
  @IsResourceList()
  requests?: Record<string, string>;

  @ApiPropertyOptional({ ...RESOURCE_LIST, description: 'Upper bounds.', example: { memory: '2Gi' } })
  @IsOptional()
  @IsResourceList()
  limits?: Record<string, string>;
}

export class Node {
  @ApiPropertyOptional({
    description: 'Allowed GPU types, comma separated; a type prefixed with - is excluded.',
    example: 'nvidia-v100, -nvidia-k80',
  })
  @IsOptional()
  @IsString()
  gpu?: string;

  @ApiPropertyOptional({ description: 'Minimum number of GPUs on the node.', example: '2' })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'gpuCount must be a whole number written as a string, e.g. "2"' })
  gpuCount?: string;
}

export class Runtime {
  @ApiPropertyOptional({ enum: ['amd64', 'arm64'], enumName: 'Architecture', description: 'CPU architecture.' })
  @IsOptional()
  @IsIn(['amd64', 'arm64'])
  architecture?: 'amd64' | 'arm64';

  @ApiPropertyOptional({ description: 'Node pool to run on (label and taint radix-nodetype).', example: 'memory-optimized-1' })
  @IsOptional()
  @Matches(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'nodeType must be a label value of lowercase letters, digits, - and .' })
  nodeType?: string;
}

export class FailurePolicyRuleOnExitCodes {
  @ApiProperty({
    enum: ['In', 'NotIn'],
    enumName: 'ExitCodeOperator',
    description: 'Whether the exit code must be in the values or not in them.',
  })
  @IsIn(['In', 'NotIn'])
  operator!: 'In' | 'NotIn';

  @ApiProperty({ type: [Number], description: 'Exit codes, at most 255.', example: [42] })
  @ArrayMaxSize(255)
  @Min(0, { each: true })
  @Max(255, { each: true })
  @IsInt({ each: true })
  @IsArray()
  values!: number[];
}

export class FailurePolicyRule {
  @ApiProperty({ enum: ['FailJob', 'Ignore', 'Count'], enumName: 'FailurePolicyAction', description: 'What a matching failure does.' })
  @IsIn(['FailJob', 'Ignore', 'Count'])
  action!: 'FailJob' | 'Ignore' | 'Count';

  @ApiProperty({ type: () => FailurePolicyRuleOnExitCodes })
  @ValidateNested()
  @IsObject({ message: 'onExitCodes must be an object' })
  @IsDefined({ message: 'onExitCodes is required' })
  @Type(() => FailurePolicyRuleOnExitCodes)
  onExitCodes!: FailurePolicyRuleOnExitCodes;
}

export class FailurePolicy {
  @ApiProperty({ type: () => [FailurePolicyRule], description: 'Rules, evaluated in order; the first match applies.' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'each rules entry must be an object' })
  @IsArray()
  @Type(() => FailurePolicyRule)
  rules!: FailurePolicyRule[];
}
