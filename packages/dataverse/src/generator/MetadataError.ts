/** Dataverse metadata could not be read, or does not have the shape the generator needs. */
export class MetadataError extends Error {
  readonly code: 'TANDEM_METADATA_REQUEST_FAILED' | 'TANDEM_METADATA_INVALID' | 'TANDEM_TABLE_UNKNOWN';
  /** HTTP status of a failed request. */
  readonly status?: number;

  constructor(code: MetadataError['code'], message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MetadataError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
  }
}
