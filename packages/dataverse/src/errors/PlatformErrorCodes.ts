/**
 * Dataverse platform error codes: the hex `code` in a Web API error body `{ "error": { "code": "0x…", "message": "…" } }`
 * (see shared/reference/dataverse-web-api.md §5). One list for the whole project: the connector reads these codes and
 * the emulator answers with them. A code has nothing to do with the HTTP status it comes with.
 */
export const PlatformErrorCodes = {
  /** No platform code: the service sends `""` (401 without a body, 405, an unmatched URL, what the emulator does not implement). */
  None: '',
  /** Generic OData-layer code on "Could not find a property named 'x' on type '…'". */
  ODataGeneric: '0x0',
  /** ObjectDoesNotExist: `Entity 'account' With Id = … Does Not Exist` (404). */
  ObjectDoesNotExist: '0x80040217',
  /** UnExpected: an unexpected server-side failure (5xx). */
  Unexpected: '0x80040216',
  /** DuplicateRecord: a create with an id that exists, or an `If-None-Match: *` upsert that finds a row (412). */
  DuplicateRecord: '0x80040237',
  /** ConcurrencyVersionMismatch: the `If-Match` ETag differs from the row version (412). */
  ConcurrencyVersionMismatch: '0x80060882',
  /** Validation error: a string over its max length, a value out of range, … (400). */
  ValidationError: '0x80044331',
  /** Invalid option value: a choice or status value outside the accepted values, or a status of another state (400). */
  InvalidOptionValue: '0x8004431a',
  /** ExpiredVersionStamp: a change-tracking token the service cannot serve; do a full sync (400). */
  ExpiredVersionStamp: '0x80044352',
  /** OData URI / query parse error: a bad `$filter`, `$skip`, `$ref` misuse, a query over a limit (400). */
  ODataParseError: '0x80060888',
  /** Resource not found for the segment: an unknown entity set, function or action (404). */
  ResourceNotFound: '0x8006088a',
  /** "Error identified in Payload provided by the user": malformed JSON, a wrong value type, an undeclared property (400). */
  PayloadError: '0x80048d19',
  // Sales business rules (values and messages as in the CRM SDK's ErrorCodes list).
  /** InvalidExchangeRate: "The exchange rate is invalid." — a currency's exchange rate missing or not above 0 (400). */
  InvalidExchangeRate: '0x80048cfd',
  /** DuplicateIsoCurrencyCode: a second currency with an ISO code that exists (400). */
  DuplicateIsoCurrencyCode: '0x80048cf3',
  /** ExchangeRateOfBaseCurrencyNotUpdatable: the base currency's rate stays 1 (400). */
  ExchangeRateOfBaseCurrencyNotUpdatable: '0x80048cf5',
  /** BaseCurrencyCannotBeDeactivated (400). */
  BaseCurrencyCannotBeDeactivated: '0x80048cf4',
  /** BaseCurrencyNotDeletable (400). */
  BaseCurrencyNotDeletable: '0x80048cff',
  /** ProductProductNumberExists: a product number (the "Product ID") another product has (400). */
  ProductProductNumberExists: '0x80043b06',
  /** DuplicateProductPriceLevel: the price list already prices this product in this unit (400). */
  DuplicateProductPriceLevel: '0x80043b08',
  /** BaseUomNameNotSpecified: a unit group created without `baseuomname` (400). */
  BaseUomNameNotSpecified: '0x80043810',
  /** BaseUnitNotDeletable: the base unit of a unit group (400). */
  BaseUnitNotDeletable: '0x80043b03',
  /** Service protection: number of requests in the time window (429). */
  ThrottleRequests: '0x80072322',
  /** Service protection: combined execution time in the time window (429). */
  ThrottleExecutionTime: '0x80072321',
  /** Service protection: concurrent requests (429). */
  ThrottleConcurrency: '0x80072326',
} as const;

export type PlatformErrorCode = (typeof PlatformErrorCodes)[keyof typeof PlatformErrorCodes];
