import type { ErrorClass } from './ErrorClass';
import { ErrorCodes, type TandemErrorCode } from './ErrorCodes';

export * from './ErrorCodes';

/** Every error Tandem raises itself: a stable `code`, a class for the retry policy, and a readable message. */
export class TandemError extends Error {
  readonly code: TandemErrorCode;
  readonly errorClass: ErrorClass;

  constructor(code: TandemErrorCode, message: string, options: { errorClass?: ErrorClass; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TandemError';
    this.code = code;
    this.errorClass = options.errorClass ?? 'permanent';
  }
}

/** Mapping definitions that failed validation; `problems` lists every one found, not just the first. */
export class MappingValidationError extends TandemError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(ErrorCodes.MAPPING_INVALID, `Invalid table mappings (${problems.length} problems):\n  - ${problems.join('\n  - ')}`);
    this.name = 'MappingValidationError';
    this.problems = problems;
  }
}

/** A hook tap threw; the message names the hook and the tap (by convention the plugin's name). */
export class HookError extends TandemError {
  readonly hook: string;
  readonly tap: string;

  constructor(hook: string, tap: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(ErrorCodes.HOOK_FAILED, `Hook ${hook}, tap "${tap}" failed: ${reason}`, {
      cause,
      errorClass: classifyError(cause),
    });
    this.name = 'HookError';
    this.hook = hook;
    this.tap = tap;
  }
}

/**
 * Classifies any error for the retry policy. Errors may say for themselves through `errorClass`, or a store's
 * `kind` (`throttled`, `transient`, `conflict`, `notFound`, `validation`, `auth`).
 */
export function classifyError(error: unknown): ErrorClass {
  if (error && typeof error === 'object') {
    const { errorClass, kind } = error as { errorClass?: unknown; kind?: unknown };
    if (isErrorClass(errorClass)) return errorClass;
    if (kind === 'throttled' || kind === 'transient' || kind === 'validation' || kind === 'conflict') return kind;
  }
  return 'permanent';
}

function isErrorClass(value: unknown): value is ErrorClass {
  return value === 'throttled' || value === 'transient' || value === 'validation' || value === 'conflict' || value === 'permanent';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
