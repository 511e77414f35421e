import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';

/**
 * msal-node accepts only https authorities and fetches the authority's OpenID metadata first, so these tests run the
 * emulator with TLS on a certificate made for the test: a throw-away CA (openssl) signs a certificate for 127.0.0.1.
 * msal-node trusts the CA through its documented `system.customAgentOptions` (`ca`), set by `MsalTokenProvider`'s
 * `ca` option; the Web API calls trust it through the client's `fetch` option. Nothing touches process-wide TLS settings.
 */
/** The TLS tests make their certificates with the openssl command; without it they fail saying so, never skip. */
export function requireOpenssl(): void {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the TLS tests need the openssl command (Debian package "openssl") to make a test certificate');
  }
}

export function makeTestCertificate(dir: string): { ca: string; key: string; cert: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Tandem test CA');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

/** A `fetch` over node:https that trusts one extra CA (Node's global fetch takes no CA option). */
export function fetchTrusting(ca: string): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const request = https.request(
        new URL(String(input)),
        { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, ca, signal: init.signal ?? undefined },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = response.statusCode ?? 0;
            resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      request.on('error', reject);
      if (init.body !== undefined && init.body !== null) request.write(init.body as string);
      request.end();
    })) as typeof fetch;
}
