import { resolve } from 'node:path';

/** Options of `pnpm emulator`. */
export interface CliOptions {
  port: number;
  host: string;
  db: string;
}

export const USAGE = 'Usage: pnpm emulator [--port N] [--db FILE|:memory:] [--host HOST]';

/** Default port of `pnpm emulator` (use `--port 0` for a free one). */
export const DEFAULT_PORT = 5555;

/** Reads the command line; throws `UsageError` on anything it does not understand. */
export function parseArguments(args: readonly string[]): CliOptions {
  const options: CliOptions = { port: DEFAULT_PORT, host: '127.0.0.1', db: resolve(process.cwd(), '.tandem', 'dataverse-emulator.sqlite') };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got '${text}'`);
        options.port = port;
        break;
      }
      case '--db': {
        const file = value();
        options.db = file === ':memory:' ? file : resolve(process.cwd(), file);
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError('', true);
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return options;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
