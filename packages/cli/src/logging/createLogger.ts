import pino from 'pino';
import type { Logger } from '@tandem/core';
import type { LogLevel } from '../config/TandemConfig';
import { SecretScrubber } from './SecretScrubber';

/** Keys whose values pino replaces with `[redacted]` wherever they appear (top level and one or two levels down). */
export const REDACTED_PATHS = ['clientSecret', 'token', 'password', 'authorization', 'auth', 'secret', 'headers.authorization']
  .flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level?: LogLevel;
  format?: 'pretty' | 'json';
  /** Where lines go; stderr by default, so stdout stays for results and `--json`. */
  write?: (line: string) => void;
  scrubber?: SecretScrubber;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * A pino logger for the host (`Logger` of core takes pino's `(bindings, message)` calls as they are): secrets
 * redacted by key, every line scrubbed of the environment's secret values, JSON lines or a short readable form.
 */
export function createLogger(options: LoggerOptions = {}): Logger & pino.Logger {
  const scrubber = options.scrubber ?? new SecretScrubber();
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const pretty = (options.format ?? 'pretty') === 'pretty';
  const destination = {
    write(line: string) {
      write(scrubber.scrub(pretty ? prettyLine(line) : line));
    },
  };
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined },
    destination,
  ) as Logger & pino.Logger;
}

/** `12:00:01 INFO  message key=value …` from one pino JSON line. */
function prettyLine(line: string): string {
  try {
    const { level, time, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const clock = new Date(Number(time)).toISOString().slice(11, 19);
    const fields = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return `${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
  } catch {
    return line;
  }
}
