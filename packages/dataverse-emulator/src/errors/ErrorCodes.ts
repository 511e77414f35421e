/**
 * Dataverse platform error codes the emulator answers with (see reference/dataverse-web-api.md §5).
 * The hex code lives in the error body and has nothing to do with the HTTP status.
 */
export const ErrorCodes = {
  /** Generic OData-layer code seen on "Could not find a property named …" (Microsoft troubleshooting article). */
  ODataGeneric: '0x0',
  /** ObjectDoesNotExist: `Entity 'account' With Id = … Does Not Exist`. */
  ObjectDoesNotExist: '0x80040217',
  /** DuplicateRecord: a create with an id that exists, or an `If-None-Match: *` upsert that finds a row. */
  DuplicateRecord: '0x80040237',
  /** ConcurrencyVersionMismatch: `If-Match` ETag differs from the row version. */
  ConcurrencyVersionMismatch: '0x80060882',
  /** Validation error (string too long, value out of range, invalid option value, …). */
  ValidationError: '0x80044331',
  /** OData URI / query parse error (bad `$filter`, `$skip`, `$ref` misuse, …). */
  ODataParseError: '0x80060888',
  /** Resource not found for the segment (unknown entity set, function or action). */
  ResourceNotFound: '0x8006088a',
  /** "Error identified in Payload provided by the user" (malformed JSON, wrong value type, undeclared property). */
  PayloadError: '0x80048d19',
  /** Service protection: number of requests. */
  ThrottleRequests: '0x80072322',
  /** Service protection: execution time. */
  ThrottleExecutionTime: '0x80072321',
  /** Service protection: concurrent requests. */
  ThrottleConcurrency: '0x80072326',
  /** Missing, malformed or expired bearer token. The real service usually sends no body; the emulator sends an empty code. */
  AuthenticationFailed: '',
  /** An emulator-injected server fault (UnExpected). */
  InjectedFault: '0x80040216',
  /** Something the emulator does not implement (no platform code; the message says what). */
  NotImplemented: '',
  /** An unexpected failure inside the emulator. */
  InternalError: '0x80040216',
} as const;
