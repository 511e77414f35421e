import { describe, expect, it } from 'vitest';
import { batchPieces, boundaryOf, chunkBatchItems, parseBatchResponse, writeBatch, type BatchItem } from '@tandem/dataverse';
import { utf8Bytes } from '../src/client/utf8Bytes';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('writeBatch', () => {
  it('writes CRLF multipart with absolute-path request lines, change sets and unique Content-IDs', () => {
    const written = writeBatch(
      [
        { method: 'GET', url: `accounts(${GUID})?$select=name` },
        {
          changeSet: [
            { method: 'POST', url: 'accounts', body: { name: 'A' }, headers: { Prefer: 'return=representation' } },
            { method: 'PATCH', url: `accounts(${GUID})`, body: { name: 'B' }, headers: { 'If-Match': '*' } },
          ],
        },
        { changeSet: [{ method: 'DELETE', url: `contacts(${GUID})` }] },
      ],
      { apiPath: '/api/data/v9.2/' },
    );
    const boundary = boundaryOf(written.contentType)!;
    expect(boundary).toMatch(/^batch_/);
    expect(written.body.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(written.body.endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(written.body).toContain(`GET /api/data/v9.2/accounts(${GUID})?$select=name HTTP/1.1\r\n`);
    expect(written.body).toContain('POST /api/data/v9.2/accounts HTTP/1.1\r\n');
    expect(written.body).toContain('Content-Type: application/json; type=entry\r\n');
    expect(written.body).toContain('{"name":"A"}');
    expect(written.body).toContain('If-Match: *\r\n');
    expect(written.body.match(/Content-ID: \d+/g)).toEqual(['Content-ID: 1', 'Content-ID: 2', 'Content-ID: 3']);
    expect(written.contentIds).toEqual([undefined, ['1', '2'], ['3']]);
    // No bare LF line ends.
    expect(written.body.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes each part byte for byte: request line, Accept first, the headers in order, a body\'s Content-Type unless given', () => {
    const representation = Object.freeze({ Prefer: 'return=representation' });
    const written = writeBatch(
      [
        { method: 'GET', url: `accounts(${GUID})?$select=name` },
        // Frozen headers shared by several parts (their lines are made once), a text body beyond ASCII.
        { method: 'POST', url: 'accounts?$select=accountid', headers: representation, body: '{"name":"Zürich"}' },
        { method: 'POST', url: 'accounts?$select=accountid', headers: representation, body: '{"name":"B"}' },
        {
          method: 'PATCH',
          url: `accounts(${GUID})`,
          headers: { Accept: 'application/json;odata.metadata=none', 'If-Match': 'W/"7"', 'Content-Type': 'application/json' },
          body: { name: 'C' },
        },
        {
          changeSet: [
            { method: 'POST', url: 'contacts', body: { lastname: 'D' } },
            { method: 'PATCH', url: '$1', headers: representation, body: '{}' },
          ],
        },
        { method: 'DELETE', url: `/api/data/v9.2/contacts(${GUID})`, headers: {} },
        { method: 'GET', url: 'https://example.crm.dynamics.com/api/data/v9.2/WhoAmI' },
      ],
      { apiPath: '/api/data/v9.2', firstContentId: 5 },
    );
    const boundary = boundaryOf(written.contentType)!;
    const changeSet = /changeset_[0-9a-f-]+/.exec(written.body)![0];
    const part = 'Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n';
    expect(written.body.replaceAll(boundary, 'BATCH').replaceAll(changeSet, 'CHANGESET')).toBe(
      [
        `--BATCH\r\n${part}\r\nGET /api/data/v9.2/accounts(${GUID})?$select=name HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n`,
        `--BATCH\r\n${part}\r\nPOST /api/data/v9.2/accounts?$select=accountid HTTP/1.1\r\nAccept: application/json\r\nPrefer: return=representation\r\n` +
          'Content-Type: application/json; type=entry\r\n\r\n{"name":"Zürich"}\r\n',
        `--BATCH\r\n${part}\r\nPOST /api/data/v9.2/accounts?$select=accountid HTTP/1.1\r\nAccept: application/json\r\nPrefer: return=representation\r\n` +
          'Content-Type: application/json; type=entry\r\n\r\n{"name":"B"}\r\n',
        `--BATCH\r\n${part}\r\nPATCH /api/data/v9.2/accounts(${GUID}) HTTP/1.1\r\nAccept: application/json;odata.metadata=none\r\nIf-Match: W/"7"\r\n` +
          'Content-Type: application/json\r\n\r\n{"name":"C"}\r\n',
        '--BATCH\r\nContent-Type: multipart/mixed; boundary=CHANGESET\r\n\r\n',
        `--CHANGESET\r\n${part}Content-ID: 5\r\n\r\nPOST /api/data/v9.2/contacts HTTP/1.1\r\nAccept: application/json\r\n` +
          'Content-Type: application/json; type=entry\r\n\r\n{"lastname":"D"}\r\n',
        `--CHANGESET\r\n${part}Content-ID: 6\r\n\r\nPATCH $1 HTTP/1.1\r\nAccept: application/json\r\nPrefer: return=representation\r\n` +
          'Content-Type: application/json; type=entry\r\n\r\n{}\r\n',
        '--CHANGESET--\r\n',
        `--BATCH\r\n${part}\r\nDELETE /api/data/v9.2/contacts(${GUID}) HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n`,
        `--BATCH\r\n${part}\r\nGET https://example.crm.dynamics.com/api/data/v9.2/WhoAmI HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n`,
        '--BATCH--\r\n',
      ].join(''),
    );
    expect(written.contentIds).toEqual([undefined, undefined, undefined, undefined, ['5', '6'], undefined, undefined]);
  });

  it('writes the pieces of a body as the UTF-8 bytes of its text', () => {
    const items: BatchItem[] = [
      { method: 'POST', url: 'accounts', headers: Object.freeze({ Prefer: 'return=representation' }), body: '{"name":"Zürich 😀 \u2028"}' },
      { method: 'PATCH', url: `accounts(${GUID})`, body: { name: 'ĳ' } },
      { changeSet: [{ method: 'DELETE', url: `contacts(${GUID})` }] },
    ];
    const { pieces } = batchPieces(items, { apiPath: '/api/data/v9.2/' });
    expect(utf8Bytes(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(utf8Bytes([])).toHaveLength(0);
  });

  it('refuses header injection', () => {
    expect(() => writeBatch([{ method: 'GET', url: 'accounts', headers: { 'X-A': 'b\r\nEvil: 1' } }], { apiPath: '/api/data/v9.2/' })).toThrow();
  });
});

describe('parseBatchResponse', () => {
  it('reads top-level parts and a Dataverse-style failed change set (only the failing part, LF line ends, no closing --)', () => {
    const body = [
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      `OData-EntityId: https://org/api/data/v9.2/accounts(${GUID})`,
      '',
      '',
      '--batchresponse_1',
      'Content-Type: multipart/mixed; boundary="changesetresponse_2"',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding:binary',
      'content-id: 2',
      '',
      'HTTP/1.1 412 Precondition Failed',
      'Content-Type: application/json; odata.metadata=minimal',
      '',
      '{"error":{"code":"0x80060882","message":"The version of the existing record doesn\'t match the RowVersion property provided."}}',
      '--changesetresponse_2',
      '--batchresponse_1',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json; odata.metadata=minimal; odata.streaming=true',
      '',
      '{"name":"x"}',
      '--batchresponse_1--',
      '',
    ].join('\n');
    const entries = parseBatchResponse('multipart/mixed; boundary=batchresponse_1', body);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ kind: 'response', response: { status: 204 } });
    expect(entries[0]!.kind === 'response' && entries[0]!.response.headers['odata-entityid']).toContain(GUID);
    expect(entries[1]).toMatchObject({ kind: 'changeSet', responses: [{ status: 412, contentId: '2' }] });
    expect(entries[2]).toMatchObject({ kind: 'response', response: { status: 200, bodyText: '{"name":"x"}' } });
  });

  it('reads CRLF parts, delimiters followed by blanks, and body lines that only start like a delimiter', () => {
    const body = [
      'preamble text',
      '--b1  ',
      '',
      'Content-Type: application/http',
      'Content-ID: 4',
      '',
      'HTTP/1.1 201 Created',
      'ETag: W/"7"',
      'Content-Type: application/json',
      '',
      '{"text":"--b1 inside"}',
      '--b12',
      '',
      '--b1',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 400 Bad Request',
      'OData-Version: 4.0',
      '',
      ' {"error":{"message":"x"}} ',
      '--b1--\t',
      '--b1',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 200 OK',
    ].join('\r\n');
    const entries = parseBatchResponse('multipart/mixed; boundary=b1', body);
    expect(entries).toEqual([
      {
        kind: 'response',
        response: {
          status: 201,
          statusText: 'Created',
          headers: { etag: 'W/"7"', 'content-type': 'application/json' },
          bodyText: '{"text":"--b1 inside"}\n--b12',
          contentId: '4',
        },
      },
      { kind: 'response', response: { status: 400, statusText: 'Bad Request', headers: { 'odata-version': '4.0' }, bodyText: '{"error":{"message":"x"}}' } },
    ]);
  });

  it('keeps a last part that has no closing delimiter, and drops a blank one', () => {
    const part = 'Content-Type: application/http\n\nHTTP/1.1 204 No Content\n';
    expect(parseBatchResponse('multipart/mixed; boundary=b1', `--b1\n${part}--b1\n${part}`)).toHaveLength(2);
    expect(parseBatchResponse('multipart/mixed; boundary=b1', `--b1\n${part}--b1\n \n\t\n`)).toHaveLength(1);
  });

  it('reads header names in lower case whatever their spelling, part after part', () => {
    const part = (etagName: string, value: string) => `Content-Type: application/http\n\nHTTP/1.1 204 No Content\n${etagName}: ${value}\n\n`;
    const spellings = ['ETag', 'ETAG ', 'etag', 'ETag'];
    const body = spellings.map((name, at) => `--b1\n${part(name, `W/"${at}"`)}`).join('') + '--b1--';
    const entries = parseBatchResponse('multipart/mixed; boundary=b1', body);
    expect(entries.map((entry) => (entry.kind === 'response' ? entry.response.headers : undefined))).toEqual(
      spellings.map((_, at) => ({ etag: `W/"${at}"` })),
    );
  });

  it('reads each part\'s own status line and header values, trimmed as `trim` does, part after part', () => {
    const part = (status: string, etag: string) => `--b1\nContent-Type: application/http\n\n${status}\nETag:${etag}\n\n{}\n`;
    const body =
      part('HTTP/1.1 201 Created', ' W/"1"') +
      part('HTTP/1.1 201 Created \r', 'W/"1"\t') +
      part('  HTTP/1.1 201 Created', '\u00a0W/"2"\u00a0') +
      part('HTTP/1.1 201 Createdd', '') +
      part('HTTP/1.1 201', ' \u2028 ') +
      part('HTTP/1.1 500 Internal Server Error', 'W/"3"') +
      '--b1--';
    const entries = parseBatchResponse('multipart/mixed; boundary=b1', body);
    expect(entries.map((entry) => entry.kind === 'response' && [entry.response.status, entry.response.statusText, entry.response.headers.etag])).toEqual([
      [201, 'Created', 'W/"1"'],
      [201, 'Created', 'W/"1"'],
      [201, 'Created', 'W/"2"'],
      [201, 'Createdd', ''],
      [201, '', ''],
      [500, 'Internal Server Error', 'W/"3"'],
    ]);
    expect(() => parseBatchResponse('multipart/mixed; boundary=b1', '--b1\nContent-Type: application/http\n\nHTTP/1.1 20 OK\n--b1--')).toThrow(/no HTTP status line/);
  });

  it('takes the boundary from the body when the header has none', () => {
    const body = '\r\n--b1\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b1--\r\n';
    expect(parseBatchResponse('multipart/mixed', body)).toMatchObject([{ kind: 'response', response: { status: 204 } }]);
  });
});

describe('chunkBatchItems', () => {
  it('keeps at most N operations per batch and splits oversized change sets', () => {
    const op = { method: 'DELETE' as const, url: `accounts(${GUID})` };
    const items: BatchItem[] = [op, { changeSet: Array.from({ length: 2500 }, () => op) }, op];
    const chunks = chunkBatchItems(items, 1000);
    const sizes = chunks.map((c) => c.reduce((n, item) => n + ('changeSet' in item ? item.changeSet.length : 1), 0));
    expect(sizes.every((s) => s <= 1000)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2502);
    const changeSets = chunks.flat().filter((item) => 'changeSet' in item);
    expect(changeSets.map((c) => ('changeSet' in c ? c.changeSet.length : 0))).toEqual([1000, 1000, 500]);
  });
});
