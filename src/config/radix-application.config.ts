import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BATCH_STATES, type BatchState, RULE_JOB_STATUSES, type RuleJobStatus } from './radix-vocabulary.config.js';
import { RadixFailurePolicy, RadixRuntime } from './radix-job-fields.config.js';
import { IsVolumeMountList, RadixVolumeMount } from './volume-mounts.config.js';
import { DNS_LABEL, IsEnvVarMap, IsResourceList } from '../validation/validators.js';

/**
 * The parts of a Radix `radixconfig.yaml` the job scheduler reads. Keys it does not know
 * (components, build settings, ...) are ignored, so a real Radix file loads unchanged.
 */

export class RadixResources {
  @IsOptional() @IsResourceList() requests?: Record<string, string>;
  @IsOptional() @IsResourceList() limits?: Record<string, string>;
}

export class RadixNode {
  @IsOptional() @IsString() gpu?: string;
  @IsOptional() @Matches(/^\d+$/, { message: 'gpuCount must be a whole number written as a string' }) gpuCount?: string;
}

export class RadixPort {
  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'name must be a lowercase DNS label' })
  @MaxLength(15)
  name!: string;

  @Min(1) @Max(65535) @IsInt() port!: number;
}

export class RadixPayload {
  @Matches(/^\//, { message: 'path must be an absolute path' }) path!: string;
}

export class RadixBatchStatusRule {
  @IsIn(['Any', 'All'], { message: 'condition must be Any or All' }) condition!: 'Any' | 'All';
  @IsIn(['In', 'NotIn'], { message: 'operator must be In or NotIn' }) operator!: 'In' | 'NotIn';
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(RULE_JOB_STATUSES, { each: true, message: `each jobStatuses entry must be one of ${RULE_JOB_STATUSES.join(', ')}` })
  jobStatuses!: RuleJobStatus[];

  @IsIn(BATCH_STATES, { message: `batchStatus must be one of ${BATCH_STATES.join(', ')}` }) batchStatus!: BatchState;
}

export class RadixNotifications {
  /** Where the job's events are POSTed; http or https only. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'webhook must be an http or https URL' })
  @MaxLength(2048)
  webhook?: string;
}

/**
 * Radix's `cron`: when a job's runs start. Only the shapes are checked here; the expressions,
 * the policy and the time zone are checked by cronProblems, in Radix's words.
 */
export class RadixCronSchedule {
  @IsOptional() @IsString() timeZone?: string;
  @IsOptional() @IsArray() @IsString({ each: true, message: 'each schedules entry must be a string' }) schedules?: string[];
  @IsOptional() @IsString() concurrency?: string;
  /** Extension: after a restart or failover, start the most recent missed firing if it is at most this many seconds old. */
  @IsOptional() @Min(1) @Max(31_536_000) @IsInt() startingDeadlineSeconds?: number;
}

/** Settings a job may set once and override per environment. */
export class RadixJobSettings {
  @IsOptional() @IsString() @MinLength(1) image?: string;
  @IsOptional() @IsEnvVarMap() variables?: Record<string, string>;
  @IsOptional()
  @IsArray()
  @Matches(DNS_LABEL, { each: true, message: 'each secretRefs entry must be the name of a Secret' })
  secretRefs?: string[];
  @IsOptional() @ValidateNested() @Type(() => RadixResources) resources?: RadixResources;
  @IsOptional() @ValidateNested() @Type(() => RadixNode) node?: RadixNode;
  @IsOptional() @Min(1) @IsInt() timeLimitSeconds?: number;
  @IsOptional() @Min(0) @Max(2147483647) @IsInt() backoffLimit?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) command?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) args?: string[];
  @IsOptional() @ValidateNested() @Type(() => RadixNotifications) notifications?: RadixNotifications;
  /** false lets the job's image run as root on Kubernetes (as Radix's runAsNonRoot did); its container still cannot gain privileges. */
  @IsOptional() @IsBoolean() runAsNonRoot?: boolean;
  /** Whether the cluster autoscaler may evict the job's pod; unset, it may when timeLimitSeconds is at least 3 days, as in Radix. */
  @IsOptional() @IsBoolean() safeToRestart?: boolean;
  @IsOptional() @Min(1) @Max(2147483647) @IsInt() runAsUser?: number;
  @IsOptional() @IsBoolean() readOnlyFileSystem?: boolean;
  @IsOptional() @ValidateNested() @Type(() => RadixRuntime) runtime?: RadixRuntime;
  /** Replaces the job's policy in that environment (the whole list of rules). */
  @IsOptional() @ValidateNested() @Type(() => RadixFailurePolicy) failurePolicy?: RadixFailurePolicy;
  /** Only emptyDir mounts are applied; an environment's mount replaces the job's of the same name. */
  @IsOptional()
  @IsArray()
  @IsVolumeMountList()
  @ValidateNested({ each: true })
  @Type(() => RadixVolumeMount)
  volumeMounts?: RadixVolumeMount[];
  /** Extension: jobs of this definition started and unfinished, at most (JOB_SCHEDULER_MAX_CONCURRENT_JOBS by default). */
  @IsOptional() @Min(1) @Max(100_000) @IsInt() maxConcurrentJobs?: number;
  /** Extension: a job not running this long after its creation fails (JOB_SCHEDULER_START_DEADLINE_SECONDS by default). */
  @IsOptional() @Min(1) @Max(31_536_000) @IsInt() startDeadlineSeconds?: number;
  /** When its runs start; an environment's replaces the job's as a whole, as in Radix. */
  @IsOptional() @ValidateNested() @Type(() => RadixCronSchedule) cron?: RadixCronSchedule;
  /** Replaces the job's rules in that environment, as in Radix. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RadixBatchStatusRule) batchStatusRules?: RadixBatchStatusRule[];
}

export class RadixJobEnvironmentConfig extends RadixJobSettings {
  @IsString() @MinLength(1) environment!: string;
  /** Replaces `{imageTagName}` in the job's image, as in Radix. */
  @IsOptional()
  @Matches(/^[\w][\w.-]{0,127}$/, { message: 'imageTagName must be an image tag ([A-Za-z0-9_.-], at most 128)' })
  imageTagName?: string;
}

export class RadixJob extends RadixJobSettings {
  /** Job names become the prefix of Kubernetes names: `<name>-<14 digits>-<8 chars>` must fit 63. */
  @Matches(DNS_LABEL, { message: 'name must be a lowercase DNS label starting with a letter' })
  @MaxLength(39)
  name!: string;

  @IsOptional() @IsString() src?: string;
  /** Where its API listens; a job without one is started only by its `cron` and serves no API. */
  @IsOptional() @Min(1) @Max(65535) @IsInt() schedulerPort?: number;
  /** Names of environment variables whose values are secret: from a Kubernetes Secret, or locally from the scheduler's environment. */
  @IsOptional()
  @IsArray()
  @Matches(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/, { each: true, message: 'each secrets entry must be an environment variable name' })
  secrets?: string[];
  @IsOptional() @ValidateNested() @Type(() => RadixPayload) payload?: RadixPayload;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RadixPort) ports?: RadixPort[];
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RadixJobEnvironmentConfig)
  environmentConfig?: RadixJobEnvironmentConfig[];
}

export class RadixEnvironment {
  @Matches(DNS_LABEL, { message: 'name must be a lowercase DNS label starting with a letter' })
  @MaxLength(63)
  name!: string;
}

export class RadixSpec {
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RadixEnvironment)
  environments?: RadixEnvironment[];

  @IsArray()
  @ArrayMinSize(1, { message: 'jobs must list at least one job' })
  @ValidateNested({ each: true })
  @Type(() => RadixJob)
  jobs!: RadixJob[];
}

export class RadixMetadata {
  @Matches(DNS_LABEL, { message: 'name must be a lowercase DNS label starting with a letter' })
  @MaxLength(63)
  name!: string;
}

export class RadixApplication {
  @IsOptional() @ValidateNested() @Type(() => RadixMetadata) metadata?: RadixMetadata;
  @IsDefined({ message: 'spec is required' }) @ValidateNested() @Type(() => RadixSpec) spec!: RadixSpec;
}
