import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/index';

/** A started in-memory emulator with a token for the integration user and a small fetch helper. */
export interface TestEmulator {
  emulator: RunningEmulator;
  token: string;
  /** fetch relative to the Web API root (`accounts?$select=name`), with auth and OData headers. */
  api(path: string, init?: ApiInit): Promise<Response>;
  /** Same, parsing a JSON body (undefined for an empty body). */
  json<T = any>(path: string, init?: ApiInit): Promise<{ status: number; headers: Headers; body: T }>;
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, db: ':memory:', seed: 42, ...options });
  const token = emulator.issueToken();
  const api = (path: string, init: ApiInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...init.headers,
    };
    const bearer = init.token === undefined ? token : init.token;
    if (bearer !== null) headers['Authorization'] = `Bearer ${bearer}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json; charset=utf-8';
    }
    const url = path.startsWith('http') ? path : `${emulator.apiUrl}/${path}`;
    return fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  };
  return {
    emulator,
    token,
    api,
    async json(path, init) {
      const response = await api(path, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
