import { PlatformErrorCodes } from '@tandem/dataverse';
import { randomUUID } from 'node:crypto';
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { instanceDiscovery, jsonWebKeys, openIdConfiguration } from '../auth/OpenIdMetadata';
import type { TokenEndpoint } from '../auth/TokenEndpoint';
import type { TokenIssuer } from '../auth/TokenIssuer';
import { ServiceError } from '../errors/ServiceError';
import type { EmulatorKnobs } from '../faults/Knobs';
import type { SeededRandom } from '../faults/SeededRandom';
import type { ThrottleGate } from '../faults/ThrottleGate';
import { isGuid } from '../storage/ValueCodec';
import { errorResponse, type ApiRequest, type ApiResponse } from './ApiMessages';
import type { ApiRouter } from './ApiRouter';
import type { EmulatorLimits } from './EmulatorLimits';
import type { EmulatorStats } from './EmulatorStats';
import { parseQueryString } from './QueryString';
import { decodeUtf8 } from './Utf8Text';

export interface EmulatorServerParts {
  router: ApiRouter;
  issuer: TokenIssuer;
  tokenEndpoint: TokenEndpoint;
  knobs: EmulatorKnobs;
  stats: EmulatorStats;
  random: SeededRandom;
  throttle: ThrottleGate;
  tenantId: string;
  limits: Readonly<EmulatorLimits>;
  /** The clock that stamps rows (epoch milliseconds): the `Date` of every Web API answer is read from it too. */
  now: () => number;
  tls?: { key: string | Buffer; cert: string | Buffer };
}

const API_PATH = /^\/api\/data\/(v\d+\.\d+)(?:\/(.*))?$/;
const SUPPORTED_VERSIONS = new Set(['v9.0', 'v9.1', 'v9.2']);

/**
 * The HTTP(S) front of the emulator. Per Web API request: count it (in flight, max concurrent), check the bearer token
 * (`401` with a `WWW-Authenticate` challenge otherwise) before reading any of the body, read the body (`413` over
 * `maxBodyBytes`), apply the knobs (throttling `429` + `Retry-After`, added latency, dropped connections and injected
 * `5xx` — before or after the request is applied), then route it. Token and OpenID metadata endpoints are served
 * without auth and without knobs. A body left unread by an early answer is drained by Node, so the client can finish
 * sending and read the answer on a connection that stays usable.
 */
export class EmulatorServer {
  private readonly server: http.Server;

  constructor(private readonly parts: EmulatorServerParts) {
    const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          const response = errorResponse(new ServiceError(500, PlatformErrorCodes.Unexpected, `Emulator failure: ${String(error)}`));
          res.writeHead(response.status, response.headers).end(response.body);
        } else res.destroy();
      });
    };
    const maxHeaderSize = parts.limits.maxHeaderBytes;
    this.server = parts.tls
      ? https.createServer({ key: parts.tls.key, cert: parts.tls.cert, maxHeaderSize }, listener)
      : http.createServer({ maxHeaderSize }, listener);
    this.server.keepAliveTimeout = 5_000;
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.unreadable(error, socket));
  }

  get protocol(): 'http' | 'https' {
    return this.parts.tls ? 'https' : 'http';
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const origin = `${this.protocol}://${req.headers.host ?? 'localhost'}`;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      const bad = errorResponse(ServiceError.badQuery(`The request URL '${req.url ?? ''}' is not valid.`));
      res.writeHead(bad.status, bad.headers).end(bad.body);
      return;
    }
    const api = API_PATH.exec(url.pathname);
    if (api) return this.handleApi(req, res, url, origin, api[1]!, api[2] ?? '');
    const body = await this.readBody(req);
    if (typeof body !== 'string') {
      const tooLarge = errorResponse(body);
      res.writeHead(tooLarge.status, tooLarge.headers).end(tooLarge.body);
      return;
    }
    const headers = headerRecord(req);
    const segments = url.pathname.split('/').filter(Boolean);
    const tokenPath = /^(?:\/([^/]+))?\/oauth2\/(v2\.0\/)?token$/.exec(url.pathname);
    if (tokenPath) {
      this.parts.stats.tokenRequests++;
      const tenant = tokenPath[1] ?? this.parts.tenantId;
      const answer = this.parts.tokenEndpoint.handle(req.method ?? 'GET', body, headers, origin, tenant, tokenPath[2] === undefined);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    const tenant = segments[0] ?? this.parts.tenantId;
    const path = `/${segments.slice(1).join('/')}`;
    let answer;
    if (path === '/v2.0/.well-known/openid-configuration' || path === '/.well-known/openid-configuration') {
      answer = openIdConfiguration(origin, tenant);
    } else if (path === '/discovery/instance') {
      answer = instanceDiscovery(origin, tenant);
    } else if (path === '/discovery/v2.0/keys' || path === '/discovery/keys') {
      answer = jsonWebKeys();
    }
    if (answer && req.method === 'GET') {
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    const notFound = errorResponse(ServiceError.noResource(url.href));
    res.writeHead(notFound.status, notFound.headers).end(notFound.body);
  }

  private async handleApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    origin: string,
    version: string,
    rawPath: string,
  ): Promise<void> {
    const { stats, knobs } = this.parts;
    stats.requests++;
    stats.inFlight++;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.inFlight);
    let counted = true;
    const release = (): void => {
      if (counted) {
        counted = false;
        stats.inFlight--;
      }
    };
    res.once('close', release);
    const send = (response: ApiResponse): void => {
      release();
      stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
      // `Date` by the row clock, as the service's own answers say when it read them by the clock that stamps its rows.
      const headers: Record<string, string> = { 'x-ms-service-request-id': randomUUID(), Date: new Date(this.parts.now()).toUTCString(), ...response.headers };
      if (knobs.dopHint !== undefined) headers['x-ms-dop-hint'] = String(knobs.dopHint);
      res.writeHead(response.status, headers);
      res.end(response.body);
    };
    const drop = (): void => {
      release();
      req.socket.destroy();
    };

    const headers = headerRecord(req);
    if (!SUPPORTED_VERSIONS.has(version)) return send(errorResponse(ServiceError.noResource(url.href)));

    const token = /^Bearer\s+(\S+)$/i.exec(headers['authorization'] ?? '')?.[1];
    const check = token ? this.parts.issuer.verify(token) : { ok: false as const, reason: 'no bearer token' };
    if (!check.ok) {
      stats.unauthorized++;
      return send(
        errorResponse(
          new ServiceError(401, PlatformErrorCodes.None, `Unauthorized: ${check.reason}.`, {
            'WWW-Authenticate': `Bearer authorization_uri=${origin}/${this.parts.tenantId}/oauth2/authorize, resource_id=${origin}/`,
          }),
        ),
      );
    }
    const body = await this.readBody(req);
    if (typeof body !== 'string') return send(errorResponse(body));
    let userId = check.claims.oid;
    const impersonate = headers['mscrmcallerid'];
    if (impersonate && isGuid(impersonate)) userId = impersonate.toLowerCase();

    const throttled = this.parts.throttle.check(knobs.throttle, userId, stats.inFlight, Date.now());
    if (throttled) {
      stats.throttled++;
      return send(errorResponse(throttled));
    }
    const latency = knobs.latencyMs;
    if (latency !== undefined) {
      const ms = typeof latency === 'number' ? latency : this.parts.random.between(latency.min, latency.max);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    }
    const dropNow = this.parts.random.chance(knobs.dropRate);
    const dropAfter = dropNow && knobs.dropPhase === 'afterApply';
    if (dropNow && !dropAfter) {
      stats.dropsBeforeApply++;
      return drop();
    }
    const faultNow = !dropNow && this.parts.random.chance(knobs.faultRate);
    const faultAfter = faultNow && knobs.faultPhase === 'afterApply';
    if (faultNow && !faultAfter) {
      stats.faultsBeforeApply++;
      return send(this.injectedFault());
    }

    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return send(errorResponse(ServiceError.badQuery(`The URL path '${rawPath}' is not valid.`)));
    }
    let query: URLSearchParams;
    try {
      query = parseQueryString(url.search.replace(/^\?/, ''));
    } catch (error) {
      if (error instanceof ServiceError) return send(errorResponse(error));
      throw error;
    }
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      rawQuery: url.search.replace(/^\?/, ''),
      headers,
      body,
      caller: { userId },
      origin,
      version,
      inBatch: false,
    };
    const response = this.parts.router.dispatch(request);
    const remaining = this.parts.throttle.remaining(knobs.throttle, userId);
    if (remaining !== undefined) response.headers['x-ms-ratelimit-burst-remaining-xrm-requests'] = String(remaining);
    if (dropAfter) {
      stats.dropsAfterApply++;
      return drop();
    }
    if (faultAfter) {
      stats.faultsAfterApply++;
      return send(this.injectedFault());
    }
    send(response);
  }

  /**
   * Reads the body up to `maxBodyBytes`. Over the limit (declared by `Content-Length` or counted while reading) it
   * answers the `413` error instead; what is left of the body is read and thrown away, never buffered.
   */
  private readBody(req: http.IncomingMessage): Promise<string | ServiceError> {
    const limit = this.parts.limits.maxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return Promise.resolve(ServiceError.bodyTooLarge(limit, declared));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > limit) {
          over = true;
          chunks.length = 0;
          resolve(ServiceError.bodyTooLarge(limit));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!over) resolve(decodeUtf8(Buffer.concat(chunks)));
      });
      req.on('error', reject);
    });
  }

  /** A request Node cannot parse (headers over `maxHeaderBytes`, broken HTTP): an error body, then the connection closes. */
  private unreadable(error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const answer = errorResponse(
      ServiceError.unreadableRequest(
        tooLarge ? 431 : 400,
        tooLarge
          ? `The request line and headers are larger than the limit of ${this.parts.limits.maxHeaderBytes} bytes.`
          : `The request is not valid HTTP (${error.code ?? error.message}).`,
      ),
    );
    const body = answer.body ?? '';
    const head = Object.entries({ ...answer.headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n${head}\r\n${body}`);
  }

  private injectedFault(): ApiResponse {
    const status = this.parts.knobs.faultStatus ?? 503;
    return errorResponse(new ServiceError(status, PlatformErrorCodes.Unexpected, `An unexpected error occurred. (injected by the emulator, HTTP ${status})`));
  }
}

function headerRecord(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
