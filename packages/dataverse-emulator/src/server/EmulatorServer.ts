import { PlatformErrorCodes } from '@tandem/dataverse';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
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
import type { EmulatorStats } from './EmulatorStats';

export interface EmulatorServerParts {
  router: ApiRouter;
  issuer: TokenIssuer;
  tokenEndpoint: TokenEndpoint;
  knobs: EmulatorKnobs;
  stats: EmulatorStats;
  random: SeededRandom;
  throttle: ThrottleGate;
  tenantId: string;
  tls?: { key: string | Buffer; cert: string | Buffer };
}

const API_PATH = /^\/api\/data\/(v\d+\.\d+)(?:\/(.*))?$/;
const SUPPORTED_VERSIONS = new Set(['v9.0', 'v9.1', 'v9.2']);
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The HTTP(S) front of the emulator. Per Web API request: count it (in flight, max concurrent), read the body, check
 * the bearer token (`401` with a `WWW-Authenticate` challenge otherwise), apply the knobs (throttling `429` +
 * `Retry-After`, added latency, dropped connections and injected `5xx` — before or after the request is applied), then
 * route it. Token and OpenID metadata endpoints are served without auth and without knobs.
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
    this.server = parts.tls ? https.createServer({ key: parts.tls.key, cert: parts.tls.cert }, listener) : http.createServer(listener);
    this.server.keepAliveTimeout = 5_000;
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
    const url = new URL(req.url ?? '/', origin);
    const api = API_PATH.exec(url.pathname);
    if (api) return this.handleApi(req, res, url, origin, api[1]!, api[2] ?? '');
    const body = await readBody(req);
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
      const headers: Record<string, string> = { 'x-ms-service-request-id': randomUUID(), ...response.headers };
      if (knobs.dopHint !== undefined) headers['x-ms-dop-hint'] = String(knobs.dopHint);
      res.writeHead(response.status, headers);
      res.end(response.body);
    };
    const drop = (): void => {
      release();
      req.socket.destroy();
    };

    const body = await readBody(req);
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
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
