import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRetryableNetworkError, networkErrorCode } from '../src/client/retry';
import { nodeHttpFetch } from '../src/client/nodeHttpFetch';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A local server answering with `handle`; its URL. */
async function serve(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('it should have failed'), (error: unknown) => error);
}

describe('nodeHttpFetch (the client\'s built-in transport)', () => {
  it('sends the method, headers and UTF-8 body, and reads the status, headers and whole body', async () => {
    const seen: { method?: string; type?: string; length?: string; body?: string } = {};
    const large = 'ä€😀'.repeat(100_000);
    const url = await serve((request, body, response) => {
      Object.assign(seen, { method: request.method, type: request.headers['content-type'], length: request.headers['content-length'], body });
      response.writeHead(207, { 'OData-Version': '4.0', 'Retry-After': '3' });
      response.end(`${body.length}:${large}`);
    });
    const send = nodeHttpFetch();
    const response = await send(`${url}/api/data/v9.2/$batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Grüße €' });
    expect(seen).toEqual({ method: 'POST', type: 'text/plain; charset=utf-8', length: String(Buffer.byteLength('Grüße €')), body: 'Grüße €' });
    expect(response.status).toBe(207);
    expect(response.headers.get('odata-version')).toBe('4.0');
    expect(response.headers.get('Retry-After')).toBe('3');
    expect(await response.text()).toBe(`7:${large}`);
    // The keep-alive socket is used again for the next request.
    const again = await send(`${url}/x`, { method: 'GET', headers: {} });
    expect(await again.text()).toBe(`0:${large}`);
    // A body given as bytes goes as it is.
    const bytes = Buffer.from('Grüße €', 'utf8');
    await send(`${url}/api/data/v9.2/$batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: bytes });
    expect(seen).toEqual({ method: 'POST', type: 'text/plain; charset=utf-8', length: String(bytes.length), body: 'Grüße €' });
  });

  it('a refused connection fails as fetch fails, retryable', async () => {
    const url = await serve((_request, _body, response) => response.end());
    // The port was just in use; once closed, nothing listens on it.
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const error = await rejection(nodeHttpFetch()(`${url}/x`, { method: 'GET', headers: {} }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(networkErrorCode(error)).toBe('ECONNREFUSED');
    expect(isRetryableNetworkError(error)).toBe(true);
  });

  it('a request past its timeout is aborted and counts as a timeout, retryable', async () => {
    const url = await serve(() => undefined); // never answers
    const error = await rejection(nodeHttpFetch()(`${url}/slow`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(100) }));
    expect(error).toBeInstanceOf(TypeError);
    expect(networkErrorCode(error)).toBe('ETIMEDOUT');
    expect(isRetryableNetworkError(error)).toBe(true);
  });

  it('a response cut off halfway rejects its body as terminated, retryable', async () => {
    const url = await serve((_request, _body, response) => {
      response.writeHead(200, { 'Content-Length': '1000' });
      response.write('part of it');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await nodeHttpFetch()(`${url}/cut`, { method: 'GET', headers: {} });
    expect(response.status).toBe(200);
    const error = await rejection(response.text());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(isRetryableNetworkError(error)).toBe(true);
  });
});
