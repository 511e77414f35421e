// Throughput driver for the emulator (issue 8): starts `pnpm emulator` in a process of its own on a database file,
// creates N accounts in `$batch` requests of 1 000 (the connector's shape: client ids, `return=representation` of the
// id and `modifiedon`), updates them the same way, and reads them back in pages of 5 000 with the connector's
// `$select`. Prints requests/s, rows/s and the emulator's CPU time per 1 000 rows for each phase (CPU time stays
// meaningful on a machine shared with other work, where wall-clock figures swing).
//
//   npx tsx packages/dataverse-emulator/scripts/throughput.ts [--rows 10000] [--batch 1000] [--page 5000] [--prof DIR]
//
// `--prof DIR` runs the emulator with `node --cpu-prof` and writes its profile into DIR when it stops; `--cli FILE`
// runs another copy of the emulator's `src/cli.ts` (an older commit's, to compare).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '1000' },
    page: { type: 'string', default: '5000' },
    prof: { type: 'string' },
    cli: { type: 'string' },
  },
});
const ROWS = Number(args.rows);
const BATCH = Number(args.batch);
const PAGE = Number(args.page);
const SELECT = 'accountid,modifiedon,name,customertypecode,address1_primarycontactname,address1_line1,address1_line2,address1_postalcode,address1_city,address1_country,emailaddress1,fax,websiteurl,telephone1';

const cli = args.cli ? resolve(args.cli) : resolve(import.meta.dirname, '../src/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'tandem-emulator-throughput-'));
const nodeArgs = args.prof ? ['--cpu-prof', '--cpu-prof-dir', resolve(args.prof)] : [];
const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', cli, '--port', '0', '--db', join(dir, 'org.sqlite')], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((ready, fail) => {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /listening on (\S+)/.exec(output);
    if (match) ready(match[1]!);
  });
  child.once('exit', () => fail(new Error(`the emulator exited: ${output}`)));
});
const api = `${url}/api/data/v9.2`;
const tokenResponse = await fetch(`${url}/oauth2/v2.0/token`, {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'tandem-local', client_secret: 'tandem-local-secret', scope: `${url}/.default` }),
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const headers = { Authorization: `Bearer ${token}`, 'OData-Version': '4.0', 'OData-MaxVersion': '4.0', Accept: 'application/json' };

/** The emulator process's CPU time (user + system) in milliseconds, from /proc. */
function emulatorCpuMs(): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function accountBody(i: number): Record<string, unknown> {
  const no = String(i).padStart(7, '0');
  return {
    name: `Account ${no}`, customertypecode: 3, address1_primarycontactname: `Contact ${no}`, address1_line1: `${(i % 200) + 1} Main Street`,
    address1_line2: `Suite ${i % 50}`, address1_postalcode: String(10000 + (i % 89999)), address1_city: 'Atlanta', address1_country: 'US',
    emailaddress1: `info${no}@example.com`, fax: `+1 555 ${no}`, websiteurl: `https://www.example.com/${no}`, telephone1: `+1 404 ${no}`,
  };
}

async function batch(parts: { method: string; url: string; headers?: Record<string, string>; body: unknown }[]): Promise<void> {
  const boundary = `batch_${randomUUID()}`;
  const out: string[] = [];
  parts.forEach((part, k) => {
    out.push(`--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ${k + 1}\r\n\r\n`);
    out.push(`${part.method} ${api}/${part.url} HTTP/1.1\r\nContent-Type: application/json\r\n`);
    for (const [name, value] of Object.entries(part.headers ?? {})) out.push(`${name}: ${value}\r\n`);
    out.push(`\r\n${JSON.stringify(part.body)}\r\n`);
  });
  out.push(`--${boundary}--\r\n`);
  const response = await fetch(`${api}/$batch`, { method: 'POST', headers: { ...headers, 'Content-Type': `multipart/mixed; boundary=${boundary}` }, body: out.join('') });
  const text = await response.text();
  if (response.status !== 200 || /HTTP\/1\.1 [45]\d\d/.test(text)) throw new Error(`batch failed: ${response.status} ${text.slice(0, 500)}`);
}

interface Phase { name: string; requests: number; rows: number; seconds: number; cpuMs: number }
const phases: Phase[] = [];
async function phase(name: string, work: () => Promise<{ requests: number; rows: number }>): Promise<void> {
  const cpu = emulatorCpuMs();
  const started = performance.now();
  const { requests, rows } = await work();
  phases.push({ name, requests, rows, seconds: (performance.now() - started) / 1000, cpuMs: emulatorCpuMs() - cpu });
}

const ids = Array.from({ length: ROWS }, () => randomUUID());
const representation = { Prefer: 'return=representation' };
try {
  await phase('create ($batch)', async () => {
    let requests = 0;
    for (let start = 0; start < ROWS; start += BATCH, requests++) {
      await batch(ids.slice(start, start + BATCH).map((id, k) => ({ method: 'POST', url: 'accounts?$select=accountid,modifiedon', headers: representation, body: { ...accountBody(start + k), accountid: id } })));
    }
    return { requests, rows: ROWS };
  });
  await phase('update ($batch)', async () => {
    let requests = 0;
    for (let start = 0; start < ROWS; start += BATCH, requests++) {
      await batch(ids.slice(start, start + BATCH).map((id, k) => ({ method: 'PATCH', url: `accounts(${id})?$select=accountid,modifiedon`, headers: { ...representation, 'If-Match': '*' }, body: { telephone1: `+1 404 ${start + k}-2` } })));
    }
    return { requests, rows: ROWS };
  });
  await phase('read (pages)', async () => {
    let requests = 0;
    let rows = 0;
    let next: string | undefined = `${api}/accounts?$select=${SELECT}&$orderby=modifiedon,accountid`;
    while (next) {
      const response = await fetch(next, { headers: { ...headers, Prefer: `odata.maxpagesize=${PAGE}` } });
      const body = (await response.json()) as { value: unknown[]; '@odata.nextLink'?: string };
      requests++;
      rows += body.value.length;
      next = body['@odata.nextLink'];
    }
    if (rows !== ROWS) throw new Error(`read ${rows} rows, expected ${ROWS}`);
    return { requests, rows };
  });
} finally {
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
  rmSync(dir, { recursive: true, force: true });
}

console.log(`rows ${ROWS}, $batch of ${BATCH}, pages of ${PAGE}`);
console.log('phase              requests  seconds  requests/s    rows/s  emulator CPU ms per 1000 rows');
for (const p of phases) {
  console.log(
    `${p.name.padEnd(18)} ${String(p.requests).padStart(8)} ${p.seconds.toFixed(2).padStart(8)} ${(p.requests / p.seconds).toFixed(1).padStart(11)} ${Math.round(p.rows / p.seconds).toString().padStart(9)}  ${((p.cpuMs / p.rows) * 1000).toFixed(0).padStart(8)}`,
  );
}
