import { PlatformErrorCodes } from './PlatformErrorCodes';
import { ErrorCodes, TandemError, type ErrorClass, type ErrorCode } from '@tandem/core';

/**
 * Typed errors of the Dataverse connector. They are `TandemError`s, and every one carries:
 * - `code`: its stable `TANDEM_DATAVERSE_*` code from core's `ErrorCodes` catalogue;
 * - `errorClass`: what the engine's retry policy does with it (`classifyError` in `@tandem/core`);
 * - `kind`: the connector's finer classification (`notFound` and `auth` have no error class of their own);
 * - `platformCode`: the Dataverse platform error code (`0x80040217`, …) when the service sent one, else `''`;
 * - `status`: the HTTP status (0 when no response was received).
 *
 * Messages never contain secrets (tokens, client secrets): they are built from the service's error message, the HTTP
 * method and the request path only.
 */

export type DataverseErrorKind =
  | 'throttled'
  | 'transient'
  | 'conflict'
  | 'notFound'
  | 'validation'
  | 'auth'
  | 'permanent';


export interface DataverseErrorDetails {
  /** Dataverse platform error code (or the authority's OAuth error code), `''` when none was sent. */
  platformCode?: string;
  /** HTTP status, 0 when no response arrived. */
  status?: number;
  /** `METHOD /path` of the failed request (no query values, never a token). */
  request?: string;
  /** `x-ms-service-request-id` / `REQ_ID` of the response, for support tickets. */
  serviceRequestId?: string;
  cause?: unknown;
}

/** Base class of every error the Dataverse client raises. */
export abstract class DataverseError extends TandemError {
  abstract readonly kind: DataverseErrorKind;
  /** The service's own error code (`0x80040237`, …), `''` when it sent none. `code` is the Tandem code. */
  readonly platformCode: string;
  readonly status: number;
  readonly request?: string;
  readonly serviceRequestId?: string;

  constructor(code: ErrorCode, errorClass: ErrorClass, message: string, details: DataverseErrorDetails = {}) {
    super(code, message, { errorClass, cause: details.cause });
    this.platformCode = details.platformCode ?? '';
    this.status = details.status ?? 0;
    this.request = details.request;
    this.serviceRequestId = details.serviceRequestId;
  }
}

/** `429`: a service protection limit was hit. `retryAfterMs` is the server's `Retry-After`, when it sent one. */
export class DataverseThrottledError extends DataverseError {
  readonly kind = 'throttled' as const;
  readonly retryAfterMs?: number;

  constructor(message: string, details: DataverseErrorDetails & { retryAfterMs?: number } = {}) {
    super(ErrorCodes.DATAVERSE_THROTTLED, 'throttled', message, details);
    this.name = 'DataverseThrottledError';
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** `502`/`503`/`504`, a connection reset or timeout: the same request may well succeed later. */
export class DataverseTransientError extends DataverseError {
  readonly kind = 'transient' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_TRANSIENT, 'transient', message, details);
    this.name = 'DataverseTransientError';
  }
}

/** `412` (or `409`): the row's version does not match the `If-Match` etag, or a create collided with an existing row. */
export class DataverseConflictError extends DataverseError {
  readonly kind = 'conflict' as const;

  constructor(message: string, details: DataverseErrorDetails = {}, code: ErrorCode = ErrorCodes.DATAVERSE_CONFLICT) {
    super(code, 'conflict', message, details);
    this.name = 'DataverseConflictError';
  }
}

/** `412` with code `0x80040237`: a create whose id (or alternate key) already exists. */
export class DataverseDuplicateRecordError extends DataverseConflictError {
  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(message, { platformCode: PlatformErrorCodes.DuplicateRecord, ...details }, ErrorCodes.DATAVERSE_DUPLICATE_RECORD);
    this.name = 'DataverseDuplicateRecordError';
  }
}

/** `404`: the row (or resource) does not exist. */
export class DataverseNotFoundError extends DataverseError {
  readonly kind = 'notFound' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_NOT_FOUND, 'permanent', message, details);
    this.name = 'DataverseNotFoundError';
  }
}

/** `400` and friends: the request itself is wrong (unknown column, too long a value, plug-in rejection, …). */
export class DataverseValidationError extends DataverseError {
  readonly kind = 'validation' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_VALIDATION, 'validation', message, details);
    this.name = 'DataverseValidationError';
  }
}

/** `401`/`403`, or a token could not be acquired. Never carries the token or the client secret. */
export class DataverseAuthError extends DataverseError {
  readonly kind = 'auth' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_AUTH, 'permanent', message, details);
    this.name = 'DataverseAuthError';
  }
}

/** Any other failure (unexpected status, malformed response). */
export class DataverseRequestError extends DataverseError {
  readonly kind = 'permanent' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_REQUEST_FAILED, 'permanent', message, details);
    this.name = 'DataverseRequestError';
  }
}

/**
 * An operation of a `$batch` change set that did not run because another operation of the same change set failed
 * (Dataverse rolls the whole change set back). Retrying it on its own may succeed, so it is `transient`.
 */
export class DataverseChangeSetAbortedError extends DataverseError {
  readonly kind = 'transient' as const;

  constructor(message: string, details: DataverseErrorDetails = {}) {
    super(ErrorCodes.DATAVERSE_CHANGE_SET_ABORTED, 'transient', message, details);
    this.name = 'DataverseChangeSetAbortedError';
  }
}

/** A store-neutral filter that cannot be expressed in OData (`$like` with `%` in the middle, an unknown field, …). */
export class DataverseFilterError extends DataverseError {
  readonly kind = 'validation' as const;

  constructor(message: string) {
    super(ErrorCodes.DATAVERSE_FILTER_INVALID, 'validation', message);
    this.name = 'DataverseFilterError';
  }
}

export function isDataverseError(error: unknown): error is DataverseError {
  return error instanceof DataverseError;
}
