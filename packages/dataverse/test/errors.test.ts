import { describe, expect, it } from 'vitest';
import { classifyError, ErrorCodes, TandemError } from '@tandem/core';
import {
  DataverseAuthError,
  DataverseChangeSetAbortedError,
  DataverseConflictError,
  DataverseDuplicateRecordError,
  PlatformErrorCodes,
  DataverseFilterError,
  DataverseNotFoundError,
  DataverseRequestError,
  DataverseThrottledError,
  DataverseTransientError,
  DataverseValidationError,
  errorFromResponse,
  getDataverseTable,
  MetadataError,
  MsalTokenProvider,
  TableDefinitionError,
  UnknownTableError,
  column,
} from '@tandem/dataverse';

function response(status: number, body: unknown = {}, headers: Record<string, string> = {}) {
  return {
    status,
    header: (name: string) => headers[name.toLowerCase()],
    bodyText: JSON.stringify(body),
  };
}

describe('connector errors are TandemErrors with stable codes from the core catalogue', () => {
  it.each([
    [new DataverseThrottledError('t'), ErrorCodes.DATAVERSE_THROTTLED, 'throttled', 'throttled'],
    [new DataverseTransientError('t'), ErrorCodes.DATAVERSE_TRANSIENT, 'transient', 'transient'],
    [new DataverseConflictError('t'), ErrorCodes.DATAVERSE_CONFLICT, 'conflict', 'conflict'],
    [new DataverseDuplicateRecordError('t'), ErrorCodes.DATAVERSE_DUPLICATE_RECORD, 'conflict', 'conflict'],
    [new DataverseNotFoundError('t'), ErrorCodes.DATAVERSE_NOT_FOUND, 'notFound', 'permanent'],
    [new DataverseValidationError('t'), ErrorCodes.DATAVERSE_VALIDATION, 'validation', 'validation'],
    [new DataverseAuthError('t'), ErrorCodes.DATAVERSE_AUTH, 'auth', 'permanent'],
    [new DataverseRequestError('t'), ErrorCodes.DATAVERSE_REQUEST_FAILED, 'permanent', 'permanent'],
    [new DataverseChangeSetAbortedError('t'), ErrorCodes.DATAVERSE_CHANGE_SET_ABORTED, 'transient', 'transient'],
    [new DataverseFilterError('t'), ErrorCodes.DATAVERSE_FILTER_INVALID, 'validation', 'validation'],
  ] as const)('%s', (error, code, kind, errorClass) => {
    expect(error).toBeInstanceOf(TandemError);
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
    expect(error.errorClass).toBe(errorClass);
    expect(classifyError(error)).toBe(errorClass);
    expect(Object.values(ErrorCodes)).toContain(error.code);
  });

  it('keeps the service code in platformCode and the Tandem code in code', () => {
    const duplicate = errorFromResponse(response(412, { error: { code: '0x80040237', message: 'A record with matching key values already exists.' } }), 'POST /accounts');
    expect(duplicate).toBeInstanceOf(DataverseDuplicateRecordError);
    expect(duplicate).toMatchObject({ code: 'TANDEM_DATAVERSE_DUPLICATE_RECORD', platformCode: PlatformErrorCodes.DuplicateRecord, status: 412 });
    const throttled = errorFromResponse(response(429, { error: { code: '0x80072322', message: 'Too many' } }, { 'retry-after': '2' }), 'GET /accounts');
    expect(throttled).toMatchObject({ code: 'TANDEM_DATAVERSE_THROTTLED', platformCode: '0x80072322', retryAfterMs: 2000, errorClass: 'throttled' });
    const plain = errorFromResponse({ status: 500, header: () => undefined, bodyText: 'oops' }, 'GET /x');
    expect(plain).toMatchObject({ code: 'TANDEM_DATAVERSE_REQUEST_FAILED', platformCode: '' });
  });

  it('says what to do about a refused token (401) and a missing privilege (403)', () => {
    const unauthorized = errorFromResponse({ status: 401, header: () => undefined, bodyText: '' }, 'GET /api/data/v9.2/WhoAmI');
    expect(unauthorized.message).toMatch(/^Unauthorized \(HTTP 401; GET \/api\/data\/v9.2\/WhoAmI\)\. .*application user of this environment/);
    const forbidden = errorFromResponse(response(403, { error: { code: '0x80040220', message: 'Principal user is missing prvCreateAccount privilege' } }), 'POST /accounts');
    expect(forbidden.message).toMatch(/missing prvCreateAccount privilege .*security role/);
  });

  it('names the fix for an unknown table, and shares core\'s TANDEM_TABLE_UNKNOWN', () => {
    const error = (() => {
      try {
        getDataverseTable('acount');
      } catch (e) {
        return e;
      }
    })() as UnknownTableError;
    expect(error).toBeInstanceOf(UnknownTableError);
    expect(error).toBeInstanceOf(TandemError);
    expect(error.code).toBe(ErrorCodes.TABLE_UNKNOWN);
    expect(error.message).toMatch(/Unknown Dataverse table 'acount'\. Register its definition .* generateTableDefinition/);
    expect(error.logicalName).toBe('acount');
  });

  it('gives definition and metadata errors their codes', () => {
    const definition = (() => {
      try {
        column({ logicalName: 'x', attributeType: 'Lookup' });
      } catch (e) {
        return e;
      }
    })();
    expect(definition).toBeInstanceOf(TableDefinitionError);
    expect(definition).toMatchObject({ code: 'TANDEM_DATAVERSE_TABLE_DEFINITION_INVALID', errorClass: 'permanent' });
    const metadata = new MetadataError(ErrorCodes.DATAVERSE_METADATA_INVALID, 'bad');
    expect(metadata).toBeInstanceOf(TandemError);
    expect(metadata).toMatchObject({ code: 'TANDEM_DATAVERSE_METADATA_INVALID', errorClass: 'permanent', name: 'MetadataError' });
  });

  it('tells how to fix an authority msal-node cannot use', () => {
    expect(() => new MsalTokenProvider({ clientId: 'app', clientSecret: 'secret-value', authority: 'http://127.0.0.1:1/tenant' })).toThrow(
      /must be an https URL.*login\.microsoftonline\.com\/<tenant id>/,
    );
    expect(() => new MsalTokenProvider({ clientId: 'app', clientSecret: 'secret-value', authority: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'TANDEM_DATAVERSE_AUTH', message: expect.stringContaining('use https://login.microsoftonline.com/<tenant id>') }),
    );
  });
});
