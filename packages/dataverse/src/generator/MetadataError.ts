import { ErrorCodes, TandemError } from '@tandem/core';

/** The codes a `MetadataError` carries: the request failed, the answer has the wrong shape, or the table is not there. */
export type MetadataErrorCode =
  | typeof ErrorCodes.DATAVERSE_METADATA_REQUEST_FAILED
  | typeof ErrorCodes.DATAVERSE_METADATA_INVALID
  | typeof ErrorCodes.TABLE_UNKNOWN;

/** Dataverse metadata could not be read, or does not have the shape the generator needs. Never worth retrying as is. */
export class MetadataError extends TandemError {
  declare readonly code: MetadataErrorCode;
  /** HTTP status of a failed request. */
  readonly status?: number;

  constructor(code: MetadataErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(code, message, { errorClass: 'permanent', cause: options.cause });
    this.name = 'MetadataError';
    if (options.status !== undefined) this.status = options.status;
  }
}
