import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the client reads of a response: its status, its headers and its whole body as text. */
export type HttpResponse = Pick<Response, 'status' | 'headers' | 'text'>;

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  /** Text (sent as UTF-8), or bytes. */
  body?: string | Uint8Array<ArrayBuffer>;
  signal?: AbortSignal;
}

/** The call shape the client sends with: `fetch`'s, narrowed to what it uses (so `fetch` itself is one). */
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

/**
 * The client's default transport: `fetch`'s call shape on `node:http` / `node:https`, with a keep-alive agent per
 * client. Node's `fetch` (undici) hands a response body over as a web stream, copying each chunk and decoding them
 * through `TextDecoder`, and sends a string body through an encoder stream; a `$batch` of 1 000 operations moves
 * megabytes each way. Here the body is encoded once, and the response's buffers are joined and decoded once: about
 * 40 % less CPU per `$batch` (`bench/httpTransport.ts`; the package README). A network failure is thrown as `fetch` throws it —
 * a `TypeError` "fetch failed" with the socket's error (or the abort reason) as `cause` — so the retry rules
 * classify both transports alike. Idle keep-alive sockets do not keep the process alive (Node unrefs them).
 */
export function nodeHttpFetch(): HttpFetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, init) => new Promise<HttpResponse>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body;
    const headers: Record<string, string | number> = { ...init.headers };
    if (body) headers['Content-Length'] = body.length;
    const { signal } = init;
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      { method: init.method, headers, agent: secure ? agents.https : agents.http },
      (response) => resolve(responseOf(response)),
    );
    request.on('error', (cause) => reject(new TypeError('fetch failed', { cause })));
    if (signal) {
      const abort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal.aborted) abort();
      else {
        signal.addEventListener('abort', abort, { once: true });
        request.on('close', () => signal.removeEventListener('abort', abort));
      }
    }
    request.end(body);
  });
}

/** The response with its body read to the end (a reset or an abort halfway rejects `text()` as `fetch` does). */
function responseOf(response: IncomingMessage): HttpResponse {
  const chunks: Buffer[] = [];
  const text = new Promise<string>((resolve, reject) => {
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', (cause) => reject(new TypeError('terminated', { cause })));
    response.on('aborted', () => reject(new TypeError('terminated')));
  });
  // Read by the caller; until then a failure must not count as unhandled.
  text.catch(() => undefined);
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let at = 0; at + 1 < raw.length; at += 2) headers.append(raw[at]!, raw[at + 1]!);
  return { status: response.statusCode ?? 0, headers, text: () => text };
}
