import type { Host } from '../host/createHost';

/** Where a plugin command prints: results (stdout), JSON results, messages (stderr). Secrets are scrubbed by the CLI. */
export interface CommandOutput {
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

/** A positional argument of a plugin command. */
export interface PluginCommandArgument {
  /** The argument's name in help and usage (`mapping`). */
  name: string;
  description?: string;
  /** Required unless false (default true). */
  required?: boolean;
  /** Takes every remaining word (an array); only the last argument may. */
  variadic?: boolean;
}

/** An option of a plugin command, in commander's syntax: `--limit <n>`, `-f, --force`, `--no-color`. */
export interface PluginCommandOption {
  flags: string;
  description?: string;
  /** The value when the option is not given. */
  default?: string | boolean | string[];
  /** The values allowed for the option's value. */
  choices?: readonly string[];
}

/**
 * A command a plugin contributes to the `tandem` CLI (`TandemPlugin.commands`). The CLI boots the host, then calls
 * `run` with the positional arguments (in order; a variadic one as an array), the options by their camel-cased long
 * name, and where to print. `run` returns the exit code (0 when it returns nothing); a thrown `TandemError` is
 * reported like the CLI's own errors. Plugins define commands without depending on the CLI.
 */
export interface PluginCommand {
  /** The subcommand's name: lower-case words joined by `-` (`campaign-report`); it must not be a built-in command. */
  name: string;
  description: string;
  arguments?: readonly PluginCommandArgument[];
  options?: readonly PluginCommandOption[];
  run(host: Host, args: readonly (string | string[] | undefined)[], options: Record<string, unknown>, output: CommandOutput): Promise<number | void> | number | void;
}
