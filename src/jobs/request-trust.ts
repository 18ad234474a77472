import type { SchedulerConfig } from '../config/scheduler.config.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { InvalidRequestError } from './jobs.errors.js';

/**
 * Variables that make a program load or run other code than it would: preloaded libraries,
 * interpreter options and start-up files, search paths. A request may not set them where
 * its job runs unisolated (the local runtime); the job definition still may. Names are
 * compared case-insensitively. README's Security section lists them.
 */
export const LOADER_VARIABLES: readonly string[] = [
  'PATH',
  'HOME',
  'ENV',
  'BASH_ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'PROMPT_COMMAND',
  'IFS',
  'CDPATH',
  'ZDOTDIR',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'GCONV_PATH',
  'LOCPATH',
  'NLSPATH',
  'GLIBC_TUNABLES',
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'LUA_INIT',
  'LUA_PATH',
  'LUA_CPATH',
  'TCLLIBPATH',
  'ERL_LIBS',
  'GEM_HOME',
  'GEM_PATH',
  'DOTNET_STARTUP_HOOKS',
  'VIRTUAL_ENV',
  'R_PROFILE',
  'R_PROFILE_USER',
  'R_ENVIRON',
  'R_ENVIRON_USER',
  'EDITOR',
  'VISUAL',
  'BROWSER',
  'LESSOPEN',
  'LESSCLOSE',
  'CC',
  'CXX',
  'CPP',
  'LD',
  'MAKEFILES',
  'GOROOT',
  'GOPATH',
  'GOTOOLCHAIN',
  'GOENV',
  'GOPROXY',
  'GOEXPERIMENT',
];

/**
 * Whole families: the dynamic loader's, Python's, Perl's, Ruby's, git's, .NET's, exported bash
 * functions, and the package managers and toolchains that read their settings (hooks, scripts,
 * node options) from the environment: `npm_config_node_options` runs code as surely as NODE_OPTIONS.
 */
export const LOADER_VARIABLE_PREFIXES: readonly string[] = [
  'LD_',
  'DYLD_',
  'PYTHON',
  'PERL',
  'RUBY',
  'GIT_',
  'BASH_FUNC_',
  'COMPLUS_',
  'CORECLR_',
  'NPM_CONFIG_',
  'YARN_',
  'PNPM_',
  'BUN_',
  'DENO_',
  'COREPACK_',
  'BUNDLE_',
  'PIP_',
  'UV_',
  'CONDA',
  'CARGO_',
  'RUSTC',
  'CGO_',
  'OPENSSL_',
  'XDG_',
];

/** Options and flags any tool may read (`JAVA_OPTS`, `MAVEN_OPTS`, `MAKEFLAGS`, `GOFLAGS`, ...), and programs it runs for you (`MANPAGER`, `SSH_ASKPASS`). */
export const LOADER_VARIABLE_SUFFIXES: readonly string[] = ['_OPTS', '_OPTIONS', 'FLAGS', 'PAGER', 'ASKPASS'];

const EXACT = new Set(LOADER_VARIABLES);

/**
 * A list of what is dangerous can never be complete; it covers the ways we know of, and
 * README's Security section says so. The job definition's own variables are not checked.
 */
export function isLoaderVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    EXACT.has(upper) ||
    LOADER_VARIABLE_PREFIXES.some((prefix) => upper.startsWith(prefix)) ||
    LOADER_VARIABLE_SUFFIXES.some((suffix) => upper.endsWith(suffix))
  );
}

/**
 * Refuses what a request may not choose on this scheduler. On Kubernetes a job runs in a
 * container of its own, so `command`, `args` and every variable work as Radix has them. On the
 * local runtime a job is a process of this machine's user: the job definition chooses the
 * program, unless JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names the job, and no request variable
 * may change how it loads code. `field` prefixes the names in messages (a batch's
 * `jobScheduleDescriptions[2].`).
 */
export function refuseUntrusted(
  config: SchedulerConfig,
  request: Pick<JobScheduleDescription, 'command' | 'args' | 'variables'>,
  field = '',
): void {
  if (config.runtime !== 'local') return;
  for (const key of ['command', 'args'] as const) {
    if (request[key] !== undefined && !config.local.requestCommand) {
      throw new InvalidRequestError(
        `${field}${key}: the local runtime runs the program of the job definition; a request may not choose it ` +
          `(JOB_SCHEDULER_ALLOW_REQUEST_COMMAND=${config.job.name} allows it for this job)`,
      );
    }
  }
  const refused = Object.keys(request.variables ?? {}).find(isLoaderVariable);
  if (refused !== undefined) {
    throw new InvalidRequestError(
      `${field}variables.${refused}: may not be set by a request on the local runtime, because it changes which code the job's program loads`,
    );
  }
}
