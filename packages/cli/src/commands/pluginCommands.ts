import type { Command } from 'commander';
import { Option } from 'commander';
import type { Host, PluginCommand, TandemPlugin } from '@tandem/core';
import { CliErrorCodes, ConfigError } from '../config/ConfigError';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';

const COMMAND_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The commands the plugins contribute, checked: well-formed, and no name a built-in command or another plugin uses. */
export function pluginCommandsOf(plugins: readonly TandemPlugin[], builtIn: readonly string[]): { plugin: string; command: PluginCommand }[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const commands: { plugin: string; command: PluginCommand }[] = [];
  for (const plugin of plugins) {
    for (const command of plugin.commands ?? []) {
      const at = `plugin "${plugin.name}" command "${command?.name}"`;
      if (typeof command?.name !== 'string' || !COMMAND_NAME.test(command.name)) problems.push(`${at}: the name must be lower-case words joined by "-"`);
      else if (builtIn.includes(command.name)) problems.push(`${at}: "${command.name}" is a built-in tandem command; choose another name`);
      else if (seen.has(command.name)) problems.push(`${at}: plugin "${seen.get(command.name)}" contributes a command of this name too`);
      if (typeof command?.run !== 'function') problems.push(`${at}: has no run(host, args, options, output) function`);
      const variadic = (command?.arguments ?? []).findIndex((a) => a.variadic);
      if (variadic >= 0 && variadic !== (command.arguments ?? []).length - 1) problems.push(`${at}: only the last argument may be variadic`);
      if (typeof command?.name === 'string') seen.set(command.name, plugin.name);
      commands.push({ plugin: plugin.name, command });
    }
  }
  if (problems.length > 0) throw new ConfigError(CliErrorCodes.PLUGIN_COMMAND_INVALID, 'the commands the plugins contribute are invalid', problems);
  return commands;
}

/**
 * Adds the plugins' commands to the program as subcommands that run on `host` (already booted): arguments and
 * options as the plugin declares them, `run`'s result as the exit code.
 */
export function registerPluginCommands(program: Command, host: Host, output: Output, setExitCode: (code: ExitCode) => void): void {
  const builtIn = [...program.commands.map((c) => c.name()), 'help'];
  for (const { plugin, command } of pluginCommandsOf(host.plugins, builtIn)) {
    const sub = program.command(command.name).description(`${command.description} (plugin ${plugin})`);
    for (const argument of command.arguments ?? []) {
      const name = `${argument.name}${argument.variadic ? '...' : ''}`;
      sub.argument(argument.required === false ? `[${name}]` : `<${name}>`, argument.description ?? '');
    }
    for (const option of command.options ?? []) {
      const added = new Option(option.flags, option.description ?? '');
      if (option.default !== undefined) added.default(option.default);
      if (option.choices) added.choices([...option.choices]);
      sub.addOption(added);
    }
    sub.action(async (...received: unknown[]) => {
      const count = (command.arguments ?? []).length;
      const args = received.slice(0, count) as (string | string[] | undefined)[];
      const options = received[count] as Record<string, unknown>;
      const code = await command.run(host, args, options, output);
      setExitCode(code === undefined || code === 0 ? ExitCode.ok : code === ExitCode.usage ? ExitCode.usage : ExitCode.failed);
    });
  }
}

/** The command word of a command line and its `--config` value, read before commander parses it. */
export function commandLineWord(argv: readonly string[]): { word: string | undefined; config: string | undefined } {
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--config') {
      config = argv[++i];
      continue;
    }
    if (arg.startsWith('--config=')) {
      config = arg.slice('--config='.length);
      continue;
    }
    if (arg.startsWith('-')) continue;
    return { word: arg, config };
  }
  return { word: undefined, config };
}
