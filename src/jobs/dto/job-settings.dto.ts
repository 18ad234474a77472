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
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsResourceList } from '../../validation/validators.js';
import { GPU_COUNT, NODE_TYPE, RESOURCE_LIST } from './schema-patterns.js';

export class Resources {
  @ApiPropertyOptional({ ...RESOURCE_LIST, description: 'Reserved resources.', example: { cpu: '500m', memory: '1Gi' }, nullable: true })
  @IsOptional()
  @IsResourceList()
  requests?: Record<string, string>;

  @ApiPropertyOptional({ ...RESOURCE_LIST, description: 'Upper bounds.', example: { memory: '2Gi' }, nullable: true })
  @IsOptional()
  @IsResourceList()
  limits?: Record<string, string>;
}

export class Node {
  @ApiPropertyOptional({
    description: 'Allowed GPU types, comma separated; a type prefixed with - is excluded.',
    example: 'nvidia-v100, -nvidia-k80',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  gpu?: string;

  @ApiPropertyOptional({ description: 'Minimum number of GPUs on the node.', example: '2', nullable: true, pattern: GPU_COUNT.source })
  @IsOptional()
  @Matches(GPU_COUNT, { message: 'gpuCount must be a whole number written as a string, e.g. "2"' })
  gpuCount?: string;
}

export class Runtime {
  @ApiPropertyOptional({ enum: ['amd64', 'arm64'], enumName: 'Architecture', description: 'CPU architecture.', nullable: true })
  @IsOptional()
  @IsIn(['amd64', 'arm64'])
  architecture?: 'amd64' | 'arm64';

  @ApiPropertyOptional({
    description:
      "Node type to run on: nodes with this value of the node-type label (Radix's radix-nodetype), tolerating their taint. Wins over architecture.",
    example: 'memory-optimized-1',
    nullable: true,
    pattern: NODE_TYPE.source,
    maxLength: 63,
  })
  @IsOptional()
  @MaxLength(63)
  @Matches(NODE_TYPE, { message: 'nodeType must be a label value of lowercase letters, digits, - and .' })
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

  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 255 },
    maxItems: 255,
    description: 'Exit codes, 0 to 255; at most 255 of them.',
    example: [42],
  })
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
  @ApiProperty({
    type: () => [FailurePolicyRule],
    maxItems: 20,
    description: 'Rules, evaluated in order; the first match applies; at most 20.',
  })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @IsObject({ each: true, message: 'each rules entry must be an object' })
  @IsArray()
  @Type(() => FailurePolicyRule)
  rules!: FailurePolicyRule[];
}
