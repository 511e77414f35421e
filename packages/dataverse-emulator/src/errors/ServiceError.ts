import { PlatformErrorCodes, type PlatformErrorCode } from '@tandem/dataverse';

/**
 * An error the emulated service answers with, in Dataverse's shape: `{ "error": { "code": "0x…", "message": "…" } }`.
 * Thrown anywhere below the router; the server turns it into the response (or a `$batch` part). The static factories
 * are the emulator's error catalogue: one per error, each message saying what is wrong; the codes come from
 * `PlatformErrorCodes` of `@tandem/dataverse`, the list the connector reads too.
 */
export class ServiceError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ServiceError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  static notFound(table: string, id: string): ServiceError {
    return new ServiceError(404, PlatformErrorCodes.ObjectDoesNotExist, `Entity '${table}' With Id = ${id} Does Not Exist`);
  }

  static segmentNotFound(segment: string): ServiceError {
    return new ServiceError(404, PlatformErrorCodes.ResourceNotFound, `Resource not found for the segment '${segment}'.`);
  }

  static noResource(url: string): ServiceError {
    return new ServiceError(404, PlatformErrorCodes.None, `No HTTP resource was found that matches the request URI '${url}'.`);
  }

  static unknownProperty(property: string, typeName: string): ServiceError {
    return new ServiceError(400, PlatformErrorCodes.ODataGeneric, `Could not find a property named '${property}' on type '${typeName}'.`);
  }

  static badQuery(message: string): ServiceError {
    return new ServiceError(400, PlatformErrorCodes.ODataParseError, message);
  }

  static payload(entitySet: string, inner: string): ServiceError {
    return new ServiceError(
      400,
      PlatformErrorCodes.PayloadError,
      `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`,
    );
  }

  static validation(message: string): ServiceError {
    return new ServiceError(400, PlatformErrorCodes.ValidationError, `A validation error occurred.  ${message}`);
  }

  /** A sales business rule of the service refused the write (duplicate currency code, bad exchange rate, …): 400. */
  static businessRule(code: PlatformErrorCode, message: string): ServiceError {
    return new ServiceError(400, code, message);
  }

  static duplicate(message = 'A record with matching key values already exists.'): ServiceError {
    return new ServiceError(412, PlatformErrorCodes.DuplicateRecord, message);
  }

  static versionMismatch(): ServiceError {
    return new ServiceError(
      412,
      PlatformErrorCodes.ConcurrencyVersionMismatch,
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  }

  static methodNotAllowed(method: string, what: string): ServiceError {
    return new ServiceError(405, PlatformErrorCodes.None, `The requested resource does not support http method '${method}' on ${what}.`);
  }

  static notImplemented(what: string): ServiceError {
    return new ServiceError(501, PlatformErrorCodes.None, `The Tandem Dataverse emulator does not implement ${what}.`);
  }

  /** A `$filter` nested deeper than the limit (parentheses, `not`). */
  static filterTooDeep(source: string, position: number, limit: number): ServiceError {
    return ServiceError.badQuery(`The $filter is nested deeper than the limit of ${limit} levels (parentheses and 'not') at position ${position} in '${clip(source)}'.`);
  }

  /** A `$filter` with more conditions than the limit. */
  static filterTooManyTerms(source: string, position: number, limit: number): ServiceError {
    return ServiceError.badQuery(`The $filter has more than ${limit} conditions, the limit (condition ${limit + 1} at position ${position} in '${clip(source)}').`);
  }

  /** An `in (…)` list or `PropertyValues=[…]` with more values than the limit. */
  static tooManyListValues(source: string, position: number, limit: number): ServiceError {
    return ServiceError.badQuery(`The value list at position ${position} in the $filter has more than ${limit} values, the limit ('${clip(source)}').`);
  }

  /** A `$filter` that would bind more SQL parameters than SQLite accepts. */
  static filterTooManyValues(count: number, limit: number): ServiceError {
    return ServiceError.badQuery(`The $filter holds ${count} values; one query may hold at most ${limit}.`);
  }

  /** A JSON body nested deeper than the limit. */
  static jsonTooDeep(entitySet: string, limit: number): ServiceError {
    return ServiceError.payload(entitySet, `The JSON body is nested deeper than the limit of ${limit} levels of objects and arrays.`);
  }

  /** A query string that is not valid percent-encoding (`%zz`, a cut `%4`, bytes that are not UTF-8). */
  static badPercentEncoding(part: string): ServiceError {
    return ServiceError.badQuery(`The query string is not valid: '${clip(part)}' is not correctly percent-encoded (UTF-8).`);
  }

  /** A request body over the limit. */
  static bodyTooLarge(limit: number, declared?: number): ServiceError {
    const size = declared === undefined ? 'larger than' : `${declared} bytes, more than`;
    return new ServiceError(413, PlatformErrorCodes.None, `The request body is ${size} the limit of ${limit} bytes.`);
  }

  /** A request line and headers over the limit, or a request Node's HTTP parser cannot read. */
  static unreadableRequest(status: 400 | 431, reason: string): ServiceError {
    return new ServiceError(status, PlatformErrorCodes.None, reason);
  }

  /** The SQLite file is locked by another connection for longer than the busy timeout. */
  static databaseBusy(timeoutMs: number): ServiceError {
    return new ServiceError(503, PlatformErrorCodes.Unexpected, `The emulator's database is locked by another connection; waited ${timeoutMs} ms. Try again later.`);
  }
}

/** Long inputs are cut in messages: the position says where the problem is. */
function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
