import type { Command } from 'commander';
import type { Host } from '@tandem/core';
import type { LoadedConfig } from '../config/loadConfig';
import type { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import type { ProgressStream } from './ProgressReporter';

/** What a command's registration gets from `runCli`: where to print, the config file, and a booted host to work on. */
export interface CommandContext {
  readonly output: Output;
  /** The `--config` file named on the command line (or the default). */
  configFile(): string;
  /** Loads the config, boots its host, runs `work` (its result is the exit code), and always closes the host (and the embedded emulator). */
  withHost(work: (host: Host, loaded: LoadedConfig) => Promise<ExitCode | void> | ExitCode | void): Promise<void>;
  /** Sets the exit code of a command that runs without a host. */
  setExitCode(code: ExitCode): void;
  /** Where progress goes (stderr): a bar when it is a terminal, plain lines otherwise. */
  readonly progress: ProgressStream;
}

/** Adds one command (with its options and action) to the program. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;
