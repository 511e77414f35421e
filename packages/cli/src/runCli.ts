import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ErrorCodes, TandemError, errorMessage, limitHeapGrowth } from '@tandem/core';
import { ConfigError } from './config/ConfigError';
import { DEFAULT_CONFIG_FILE, loadConfig } from './config/loadConfig';
import { ExitCode } from './ExitCode';
import { createLogger } from './logging/createLogger';
import { Output } from './Output';
import { initCommand } from './commands/initCommand';
import { mappingsCommand } from './commands/mappingsCommand';
import { statusCommand } from './commands/statusCommand';
import { syncCommand, type SyncCommandOptions } from './commands/syncCommand';
import type { CommandContext, CommandRegistration } from './commands/CommandContext';
import { registerEmulatorCommand } from './commands/emulatorCommand';
import { registerErrorsCommand } from './commands/errorsCommand';
import { registerGenerateCommand } from './commands/generateCommand';
import { registerJobsCommand } from './commands/jobsCommand';
import { registerMappingsSubcommands } from './commands/mappingsSubcommands';
import { registerOptionsCommand } from './commands/optionsCommand';
import { commandLineWord, pluginCommandsOf, registerPluginCommands } from './commands/pluginCommands';
import { registerRestoreCommand } from './commands/restoreCommand';
import { registerRetryCommand } from './commands/retryCommand';
import { registerWorkerCommand } from './commands/workerCommand';
import { registerCompare } from './commands/compareCommand';
import { registerCouple } from './commands/coupleCommand';
import { registerMatch } from './commands/matchCommand';
import { registerOpen } from './commands/openCommand';
import { ProgressReporter, type ProgressStream } from './commands/ProgressReporter';
import { registerRecords } from './commands/recordsCommand';
import { registerSetup } from './commands/setupCommand';
import { registerSyncRecord } from './commands/syncRecordCommand';
import { registerUncouple } from './commands/uncoupleCommand';

/** Commands in files of their own, each added by its registration (one line per command). */
const COMMANDS: readonly CommandRegistration[] = [
  registerJobsCommand,
  registerErrorsCommand,
  registerRetryCommand,
  registerRestoreCommand,
  registerOptionsCommand,
  registerMappingsSubcommands,
  registerWorkerCommand,
  registerEmulatorCommand,
  registerGenerateCommand,
  registerSetup, registerSyncRecord, registerCouple, registerUncouple, registerMatch, registerCompare, registerRecords, registerOpen,
];

/** Errors that are the configuration's (or the plugins' set-up) fault: exit code 2, like a usage error. */
const CONFIGURATION_CODES: readonly string[] = [
  ErrorCodes.CONFIG_INVALID, ErrorCodes.MAPPING_INVALID, ErrorCodes.PLUGIN_INVALID, ErrorCodes.PLUGIN_DEPENDENCY_MISSING,
  ErrorCodes.PLUGIN_DEPENDENCY_CIRCULAR, ErrorCodes.OPTION_VALUE_UNKNOWN, ErrorCodes.HEAP_GROWTH_INVALID, ErrorCodes.HOOK_OPTION_INVALID,
];

/** Runs the `tandem` command line (arguments without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], output = new Output(), progress: ProgressStream = process.stderr): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = new Command('tandem')
    .description('Tandem keeps an ERP and Dynamics 365 Sales / Dataverse in step.')
    .option('-c, --config <file>', 'the configuration file', DEFAULT_CONFIG_FILE)
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.line(text.replace(/\n$/, '')), writeErr: (text) => output.error(text) })
    .showHelpAfterError('(run tandem --help for the commands)');

  /** Loads the config, boots its host, runs `work`, and always closes the host and the embedded emulator. */
  const withHost: CommandContext['withHost'] = async (work) => {
    limitHeapGrowth();
    const loaded = await loadConfig(program.opts<{ config: string }>().config);
    const logger = createLogger({ ...loaded.config.logging, scrubber: output.scrubber });
    // Loaded here, not at the top: the host's modules (ORM, connector, emulator) cost seconds that init, help and a
    // bad config do not need.
    const { startConfiguredHost } = await import('./config/hostFromConfig');
    const { host, close } = await startConfiguredHost(loaded, { logger });
    try {
      // A plugin command clashing with a built-in fails every command, not only when it is called.
      pluginCommandsOf(host.plugins, [...program.commands.map((c) => c.name()), 'help']);
      exitCode = (await work(host, loaded)) ?? ExitCode.ok;
    } finally {
      await close();
    }
  };

  program
    .command('init')
    .description('write a starter tandem.config.ts (the ERP and six plugins against the embedded emulator)')
    .option('--force', 'overwrite an existing file')
    .action((options: { force?: boolean }) => initCommand(program.opts<{ config: string }>().config, options, output));

  program
    .command('status')
    .description('one line per mapping: enabled, direction, last job, counters, coupled records')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => withHost((host) => statusCommand(host, options, output)));

  program
    .command('sync')
    .description('run mappings now and print a summary per job')
    .argument('[mapping...]', 'the mappings to run')
    .option('--all', 'every enabled mapping, in dependency order')
    .option('--full', 'full synchronization: every record compared, uncoupled ones created or matched')
    .addOption(new Option('--direction <direction>', 'only one direction').choices(['to', 'from']))
    .option('--dry-run', 'print what would be inserted, modified, coupled, in conflict or failing, and write nothing')
    .option('--json', 'print JSON (the jobs, or the plan with --dry-run)')
    .action((names: string[], options: SyncCommandOptions) =>
      withHost((host) => syncCommand(host, names, options, output, options.json ? undefined : new ProgressReporter(progress))));

  program
    .command('mappings')
    .description('list the mappings in force')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => withHost((host) => mappingsCommand(host, options, output)));

  const context: CommandContext = {
    output, withHost, progress, configFile: () => program.opts<{ config: string }>().config, setExitCode: (code) => void (exitCode = code),
  };
  for (const register of COMMANDS) register(program, context);

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.usage;
    }
    // A word that is no built-in command may be a plugin's: boot the config's host, add its plugins' commands, parse.
    const { word, config } = commandLineWord(argv);
    if (word && word !== 'help' && !program.commands.some((c) => c.name() === word) && existsSync(resolve(config ?? DEFAULT_CONFIG_FILE))) {
      program.setOptionValue('config', config ?? DEFAULT_CONFIG_FILE);
      await withHost(async (host) => {
        registerPluginCommands(program, host, output, context.setExitCode);
        await program.parseAsync([...argv], { from: 'user' });
        return exitCode;
      });
      return exitCode;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, output);
  }
}

function report(error: unknown, output: Output): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version are successes; every other commander error is a usage error (already printed by commander).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof ConfigError) {
    output.error(`tandem: ${error.code}: ${error.message}`);
    return ExitCode.usage;
  }
  if (error instanceof TandemError) {
    output.error(`tandem: ${error.code}: ${error.message}`);
    return CONFIGURATION_CODES.includes(error.code) ? ExitCode.usage : ExitCode.failed;
  }
  output.error(`tandem: ${errorMessage(error)}`);
  return ExitCode.failed;
}
