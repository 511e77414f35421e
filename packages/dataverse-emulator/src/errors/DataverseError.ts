import { ErrorCodes } from './ErrorCodes';

/**
 * An error the emulator answers with a Dataverse-shaped body: `{ "error": { "code": "0x…", "message": "…" } }`.
 * Thrown anywhere below the router; the server turns it into the response (or a `$batch` part).
 */
export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'DataverseError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }

  static notFound(table: string, id: string): DataverseError {
    return new DataverseError(404, ErrorCodes.ObjectDoesNotExist, `Entity '${table}' With Id = ${id} Does Not Exist`);
  }

  static segmentNotFound(segment: string): DataverseError {
    return new DataverseError(404, ErrorCodes.ResourceNotFound, `Resource not found for the segment '${segment}'.`);
  }

  static noResource(url: string): DataverseError {
    return new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${url}'.`);
  }

  static unknownProperty(property: string, typeName: string): DataverseError {
    return new DataverseError(400, ErrorCodes.ODataGeneric, `Could not find a property named '${property}' on type '${typeName}'.`);
  }

  static badQuery(message: string): DataverseError {
    return new DataverseError(400, ErrorCodes.ODataParseError, message);
  }

  static payload(entitySet: string, inner: string): DataverseError {
    return new DataverseError(
      400,
      ErrorCodes.PayloadError,
      `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`,
    );
  }

  static validation(message: string): DataverseError {
    return new DataverseError(400, ErrorCodes.ValidationError, `A validation error occurred.  ${message}`);
  }

  static duplicate(message = 'A record with matching key values already exists.'): DataverseError {
    return new DataverseError(412, ErrorCodes.DuplicateRecord, message);
  }

  static versionMismatch(): DataverseError {
    return new DataverseError(
      412,
      ErrorCodes.ConcurrencyVersionMismatch,
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  }

  static methodNotAllowed(method: string, what: string): DataverseError {
    return new DataverseError(405, '', `The requested resource does not support http method '${method}' on ${what}.`);
  }

  static notImplemented(what: string): DataverseError {
    return new DataverseError(501, ErrorCodes.NotImplemented, `The Tandem Dataverse emulator does not implement ${what}.`);
  }
}
