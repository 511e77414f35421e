import { TandemError } from '@tandem/core';

/** The codes of the CLI's own errors (the `TANDEM_CLI_*` family); core's `TANDEM_CONFIG_INVALID` for a bad config. */
export const CliErrorCodes = {
  CONFIG_INVALID: 'TANDEM_CONFIG_INVALID',
  CONFIG_SECRET_IN_FILE: 'TANDEM_CLI_CONFIG_SECRET_IN_FILE',
  CONFIG_NOT_FOUND: 'TANDEM_CLI_CONFIG_NOT_FOUND',
  CONFIG_LOAD_FAILED: 'TANDEM_CLI_CONFIG_LOAD_FAILED',
  SECRET_MISSING: 'TANDEM_CLI_SECRET_MISSING',
  INIT_FILE_EXISTS: 'TANDEM_CLI_INIT_FILE_EXISTS',
  USAGE: 'TANDEM_CLI_USAGE',
  PLUGIN_COMMAND_INVALID: 'TANDEM_CLI_PLUGIN_COMMAND_INVALID',
} as const;

export type CliErrorCode = (typeof CliErrorCodes)[keyof typeof CliErrorCodes];

/**
 * A configuration or usage problem: the CLI exits with code 2. `problems` lists every bad key as `path: what was
 * expected`, not only the first.
 */
export class ConfigError extends TandemError {
  readonly problems: string[];

  constructor(code: CliErrorCode, summary: string, problems: string[] = []) {
    super(code, problems.length > 0 ? `${summary}:\n  - ${problems.join('\n  - ')}` : summary);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
