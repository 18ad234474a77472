import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCleanTextEach, IsEnvVarMap, IsLabelValue } from '../../validation/validators.js';
import { CLEAN_TEXT, ENV_VAR_MAP, IMAGE, IMAGE_TAG, LABEL_TEXT } from './schema-patterns.js';
import { FailurePolicy, Node, Resources, Runtime } from './job-settings.dto.js';
import { EXTENSION } from '../api-docs.js';

const INT32_MAX = 2147483647;

/**
 * A job's settings, each optional: a batch's `defaultRadixJobComponentConfig`, and the part
 * of a `JobScheduleDescription` that is not its payload or jobId. Unknown fields are ignored.
 */
export class RadixJobComponentConfig {
  @ApiPropertyOptional({
    description: 'Maximum run time in seconds; the job fails when it runs longer.',
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: INT32_MAX,
    format: 'int64',
  })
  @IsOptional()
  @Min(1)
  @Max(INT32_MAX)
  @IsInt() // nearest the property: checked first, and alone when the type is wrong
  timeLimitSeconds?: number;

  @ApiPropertyOptional({
    description: "How many times a failed job is retried. Default: the job definition's, else 0.",
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: INT32_MAX,
    format: 'int32',
  })
  @IsOptional()
  @Min(0)
  @Max(INT32_MAX)
  @IsInt()
  backoffLimit?: number;

  @ApiPropertyOptional({
    type: () => Resources,
    description: "CPU, memory and other resources; merged over the job definition's.",
    nullable: true,
  })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'resources must be an object' })
  @Type(() => Resources)
  resources?: Resources;

  @ApiPropertyOptional({
    description: 'Extension: its place in the queue; higher goes first. Default 0.',
    type: 'integer',
    nullable: true,
    minimum: -1000,
    maximum: 1000,
    format: 'int32',
    ...EXTENSION,
  })
  @IsOptional()
  @Min(-1000)
  @Max(1000)
  @IsInt()
  priority?: number;

  @ApiPropertyOptional({
    description:
      "Extension: the job fails (StartDeadlineExceeded) when it is not running this many seconds after its creation: a wait in the queue, a pod that cannot be scheduled, an image that cannot be pulled. Default: the job definition's, else none.",
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 31_536_000,
    format: 'int32',
    ...EXTENSION,
  })
  @IsOptional()
  @Min(1)
  @Max(31_536_000)
  @IsInt()
  startDeadlineSeconds?: number;

  @ApiPropertyOptional({ type: () => Node, description: "GPU requirements; replaces the job definition's.", nullable: true })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'node must be an object' })
  @Type(() => Node)
  node?: Node;

  @ApiPropertyOptional({
    type: () => Runtime,
    description:
      "Kubernetes: the node type or CPU architecture to run on; replaces the job definition's runtime as a whole. No effect on the local runtime.",
    nullable: true,
  })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'runtime must be an object' })
  @Type(() => Runtime)
  runtime?: Runtime;

  @ApiPropertyOptional({
    description:
      "Kubernetes: whether the cluster autoscaler may evict the job's pod when it scales a node down (pod annotation " +
      "cluster-autoscaler.kubernetes.io/safe-to-evict). Default: the job definition's, else true only when timeLimitSeconds " +
      'is at least 259200 (3 days), as in Radix. No effect on the local runtime.',
    type: 'boolean',
    nullable: true,
  })
  @IsOptional()
  @IsBoolean()
  safeToRestart?: boolean;

  @ApiPropertyOptional({
    description:
      "Kubernetes: the user ID the job's container runs as (securityContext.runAsUser; the container still may not run as root). " +
      "Default: the job definition's, else the image's. Refused on the local runtime, which runs every job as the scheduler's own user.",
    type: 'integer',
    format: 'int64',
    minimum: 1,
    maximum: INT32_MAX,
    nullable: true,
    example: 1000,
  })
  @IsOptional()
  @Min(1)
  @Max(INT32_MAX)
  @IsInt()
  runAsUser?: number;

  @ApiPropertyOptional({
    description: "Replaces the tag of the job definition's image.",
    example: 'v1.2.3',
    nullable: true,
    pattern: IMAGE_TAG.source,
    maxLength: 128,
  })
  @IsOptional()
  @Matches(IMAGE_TAG, { message: 'imageTagName must be an image tag: letters, digits, _, . or -, at most 128 characters' })
  imageTagName?: string;

  @ApiPropertyOptional({
    description:
      "Image to run instead of the job definition's (imageTagName still replaces its tag). Refused on the local runtime, which runs no images.",
    example: 'ghcr.io/example/compute:1.2.3',
    nullable: true,
    pattern: IMAGE.source,
    maxLength: 512,
  })
  @IsOptional()
  @Matches(IMAGE, {
    message: 'image must be an image reference such as registry.example.com/team/compute:1.2.3',
  })
  image?: string;

  @ApiPropertyOptional({
    type: () => FailurePolicy,
    description:
      "Which exit codes fail the job at once, are ignored, or count against backoffLimit; replaces the job definition's policy as a whole (no rules: none).",
    nullable: true,
  })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'failurePolicy must be an object' })
  @Type(() => FailurePolicy)
  failurePolicy?: FailurePolicy;

  @ApiPropertyOptional({
    ...ENV_VAR_MAP,
    nullable: true,
    description:
      "Environment variables for the job, merged over the job definition's; one named like a variable or secret of the job definition replaces its value. " +
      'Names starting with RADIX_ are reserved. ' +
      'On the local runtime, variables that change how a program loads code (PATH, NODE_OPTIONS, LD_*, PYTHON*, ...; see README) are refused.',
    example: { LOG_LEVEL: 'debug' },
  })
  @IsOptional()
  @IsEnvVarMap()
  variables?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'array',
    items: CLEAN_TEXT,
    nullable: true,
    description:
      "Entrypoint, not run in a shell; replaces the job definition's. Refused on the local runtime unless JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names the job.",
    example: ['python', 'train.py'],
  })
  @IsOptional()
  @IsCleanTextEach()
  @IsArray()
  command?: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: CLEAN_TEXT,
    nullable: true,
    description:
      "Arguments to the entrypoint; replace the job definition's. Refused on the local runtime unless JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names the job.",
    example: ['--epochs', '3'],
  })
  @IsOptional()
  @IsCleanTextEach()
  @IsArray()
  args?: string[];
}

/** The body of `POST /api/v1/jobs`, and each job of a batch. Every field is optional; unknown fields are ignored. */
export class JobScheduleDescription extends RadixJobComponentConfig {
  @ApiPropertyOptional({
    description:
      'Text handed to the job as the file `<payload.path>/payload`, byte for byte (UTF-8, at most 1 MiB). ' +
      'Encode binary data, e.g. as base64. Refused when the job definition has no payload.path.',
    example: '{"x": 10, "y": 20}',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  payload?: string;

  @ApiPropertyOptional({
    description: 'Your own ID for the job, returned in its status and set as label radix-job-id.',
    example: 'order-4711',
    nullable: true,
    ...LABEL_TEXT,
  })
  @IsOptional()
  @IsLabelValue()
  jobId?: string;
}
