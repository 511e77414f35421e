import type { ErrorClass } from './ErrorClass';

/** Stable error codes; a code is never reused for another meaning. */
export const ErrorCodes = {
  MAPPING_INVALID: 'TANDEM_MAPPING_INVALID',
  MAPPING_NOT_FOUND: 'TANDEM_MAPPING_NOT_FOUND',
  MAPPING_DISABLED: 'TANDEM_MAPPING_DISABLED',
  PLUGIN_DEPENDENCY_MISSING: 'TANDEM_PLUGIN_DEPENDENCY_MISSING',
  PLUGIN_DEPENDENCY_CIRCULAR: 'TANDEM_PLUGIN_DEPENDENCY_CIRCULAR',
  PLUGIN_INVALID: 'TANDEM_PLUGIN_INVALID',
  HOOK_FAILED: 'TANDEM_HOOK_FAILED',
  UPDATE_CONFLICT: 'TANDEM_UPDATE_CONFLICT',
  DELETION_CONFLICT: 'TANDEM_DELETION_CONFLICT',
  REFERENCE_NOT_COUPLED: 'TANDEM_REFERENCE_NOT_COUPLED',
  OPTION_NOT_MAPPED: 'TANDEM_OPTION_NOT_MAPPED',
  AMBIGUOUS_MATCH: 'TANDEM_AMBIGUOUS_MATCH',
  NO_MATCH: 'TANDEM_NO_MATCH',
  TRANSFORM_FAILED: 'TANDEM_TRANSFORM_FAILED',
  WRITE_FAILED: 'TANDEM_WRITE_FAILED',
  COUPLING_INVALID: 'TANDEM_COUPLING_INVALID',
  RECORD_NOT_FOUND: 'TANDEM_RECORD_NOT_FOUND',
  TABLE_UNKNOWN: 'TANDEM_TABLE_UNKNOWN',
  CONCURRENT_CHANGE: 'TANDEM_CONCURRENT_CHANGE',
  CONFIG_INVALID: 'TANDEM_CONFIG_INVALID',
  MAPPING_BUSY: 'TANDEM_MAPPING_BUSY',
  LEASE_LOST: 'TANDEM_LEASE_LOST',
  // The Dataverse connector (@tandem/dataverse); its errors keep the service's own code in `platformCode`.
  DATAVERSE_THROTTLED: 'TANDEM_DATAVERSE_THROTTLED',
  DATAVERSE_TRANSIENT: 'TANDEM_DATAVERSE_TRANSIENT',
  DATAVERSE_CONFLICT: 'TANDEM_DATAVERSE_CONFLICT',
  DATAVERSE_DUPLICATE_RECORD: 'TANDEM_DATAVERSE_DUPLICATE_RECORD',
  DATAVERSE_NOT_FOUND: 'TANDEM_DATAVERSE_NOT_FOUND',
  DATAVERSE_VALIDATION: 'TANDEM_DATAVERSE_VALIDATION',
  DATAVERSE_AUTH: 'TANDEM_DATAVERSE_AUTH',
  DATAVERSE_REQUEST_FAILED: 'TANDEM_DATAVERSE_REQUEST_FAILED',
  DATAVERSE_CHANGE_SET_ABORTED: 'TANDEM_DATAVERSE_CHANGE_SET_ABORTED',
  DATAVERSE_FILTER_INVALID: 'TANDEM_DATAVERSE_FILTER_INVALID',
  DATAVERSE_TABLE_DEFINITION_INVALID: 'TANDEM_DATAVERSE_TABLE_DEFINITION_INVALID',
  DATAVERSE_METADATA_REQUEST_FAILED: 'TANDEM_DATAVERSE_METADATA_REQUEST_FAILED',
  DATAVERSE_METADATA_INVALID: 'TANDEM_DATAVERSE_METADATA_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * A code of the `TANDEM_` family: core's own (`ErrorCode`), or one a package or plugin keeps in its own catalogue
 * (e.g. `TANDEM_ERP_*`), so every error of the project is a `TandemError` with a stable code.
 */
export type TandemErrorCode = ErrorCode | `TANDEM_${string}`;

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
