import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationArguments,
  ValidateNested,
} from 'class-validator';
import type { RuntimeChoice } from './radix-vocabulary.config.js';

/**
 * Radix's job fields `runtime` and `failurePolicy`, with the checks Radix's schema and webhook
 * make, plus those without which every Job of the definition would be refused by the API server.
 */

const INT32_MAX = 2147483647;
/** A node type becomes a label value and a taint value: Radix's pattern, at most 63 characters. */
const NODE_TYPE = /^(([a-z0-9][-a-z0-9]*)?[a-z0-9])?$/;

export class RadixRuntime {
  /** Radix's schema allows "", which means unset. */
  @IsOptional() @IsIn(['amd64', 'arm64', ''], { message: 'architecture must be amd64 or arm64' }) architecture?: string;

  @IsOptional()
  @Matches(NODE_TYPE, { message: 'nodeType must be a node type such as gpu-nvidia-1-v1 (lowercase letters, digits and -)' })
  @MaxLength(63)
  @ValidateBy({
    name: 'nodeTypeAlone',
    validator: {
      validate: (value, args) => !value || !(args?.object as RadixRuntime).architecture,
      defaultMessage: () => 'nodeType: set architecture or nodeType, not both (a node type has its own architecture)',
    },
  })
  nodeType?: string;
}

export class RadixExitCodes {
  @IsIn(['In', 'NotIn'], { message: 'operator must be In or NotIn' }) operator!: 'In' | 'NotIn';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(255)
  @Min(0, { each: true })
  @Max(INT32_MAX, { each: true })
  @IsInt({ each: true })
  @ValidateBy({
    name: 'exitCodeSet',
    validator: {
      validate: (value: unknown, args) => !Array.isArray(value) || exitCodeProblem(value, args) === undefined,
      defaultMessage: (args) => `values ${exitCodeProblem(args?.value as unknown[], args)}`,
    },
  })
  values!: number[];
}

/** Kubernetes refuses a repeated exit code, and 0 with In (exit code 0 is a success, never a failure). */
function exitCodeProblem(values: unknown[], args: ValidationArguments | undefined): string | undefined {
  if (new Set(values).size !== values.length) return 'must not repeat an exit code';
  if ((args?.object as RadixExitCodes).operator === 'In' && values.includes(0)) return 'must not hold 0 with operator In';
  return undefined;
}

export class RadixFailurePolicyRule {
  @IsIn(['FailJob', 'Ignore', 'Count'], { message: 'action must be FailJob, Ignore or Count' }) action!: 'FailJob' | 'Ignore' | 'Count';
  @IsDefined({ message: 'onExitCodes is required' }) @ValidateNested() @Type(() => RadixExitCodes) onExitCodes!: RadixExitCodes;
}

export class RadixFailurePolicy {
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => RadixFailurePolicyRule) rules!: RadixFailurePolicyRule[];
}

/** The runtime a job definition asks for; Radix's "" means unset. */
export function runtimeChoice(runtime: RadixRuntime | undefined): RuntimeChoice | undefined {
  const architecture = (runtime?.architecture || undefined) as RuntimeChoice['architecture'];
  const nodeType = runtime?.nodeType || undefined;
  return architecture || nodeType ? { architecture, nodeType } : undefined;
}
