/** Structured fields of one log line (mapping, job id, holder …). Never put secrets in them. */
export type LogBindings = Record<string, unknown>;

/**
 * What Tandem and plugins log through: one method per level taking bindings and a message, as pino's
 * `logger.info({ mapping }, 'message')`, so a pino logger can be passed as it is. `child` adds bindings to every line.
 */
export interface Logger {
  trace(bindings: LogBindings, message: string): void;
  debug(bindings: LogBindings, message: string): void;
  info(bindings: LogBindings, message: string): void;
  warn(bindings: LogBindings, message: string): void;
  error(bindings: LogBindings, message: string): void;
  child(bindings: LogBindings): Logger;
}

/** The default logger: writes nothing. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
