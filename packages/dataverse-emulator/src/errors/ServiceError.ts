import { PlatformErrorCodes } from '@tandem/dataverse';

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
}
