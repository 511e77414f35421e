import type { Command } from 'commander';
import type { Host } from '@tandem/core';
import type { LoadedConfig } from '../config/loadConfig';
import type { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import type { ProgressStream } from './ProgressReporter';

/** What a command's registration needs from `runCli`: where to print, and how to run work on a booted host. */
export interface CommandContext {
  output: Output;
  /** Loads the config, boots its host, runs `work`, and always closes the host (and the embedded emulator). */
  withHost(work: (host: Host, loaded: LoadedConfig) => Promise<ExitCode | void> | ExitCode | void): Promise<void>;
  /** Where progress goes (stderr): a bar when it is a terminal, plain lines otherwise. */
  progress: ProgressStream;
}

/** A command file's registration: adds its command(s) to the program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;
