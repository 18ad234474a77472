/**
 * Reads raw settings from command-line flags and environment variables, with typed
 * parsers that record one problem line per bad value instead of throwing on the first.
 */
export type Env = Record<string, string | undefined>;

export interface Setting {
  /** Environment variable that carries it. */
  env: string;
  /** Optional command-line flag (`--port 8000` or `--port=8000`); it wins over the variable. */
  flag?: string;
}

export class SettingSources {
  readonly problems: string[] = [];
  private readonly flags = new Map<string, string>();

  constructor(
    argv: string[],
    private readonly env: Env,
    knownFlags: string[],
  ) {
    this.parseFlags(argv, new Set(knownFlags));
  }

  /** The raw value and the name to blame when it is wrong. */
  raw(setting: Setting): { value?: string; name: string } {
    if (setting.flag && this.flags.has(setting.flag)) {
      return { value: this.flags.get(setting.flag), name: `--${setting.flag}` };
    }
    const value = this.env[setting.env];
    return { value: value === '' ? undefined : value, name: setting.env };
  }

  string(setting: Setting): string | undefined {
    return this.raw(setting).value;
  }

  integer(setting: Setting, fallback: number, min: number, max: number): number {
    const { value, name } = this.raw(setting);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      this.problems.push(`${name}=${value}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(setting: Setting, allowed: readonly T[]): T | undefined {
    const { value, name } = this.raw(setting);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}=${value}: must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  private parseFlags(argv: string[], known: Set<string>): void {
    for (let i = 0; i < argv.length; i++) {
      const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(argv[i]);
      if (!match || !known.has(match[1])) {
        this.problems.push(`${argv[i]}: unknown argument (known flags: ${[...known].map((f) => `--${f}`).join(', ')})`);
        continue;
      }
      const value = match[2] ?? argv[++i];
      if (value === undefined) this.problems.push(`--${match[1]}: needs a value`);
      else this.flags.set(match[1], value);
    }
  }
}
