// `npx tsx bench/httpTransport.ts [requests]`: the CPU one `$batch`-sized exchange (1.8 MB sent, 600 KB received)
// costs this process with Node's `fetch` and with the Dataverse client's built-in transport (`nodeHttpFetch`),
// against a plain HTTP server in a child process. Not part of `pnpm bench`; it backs the figure in the Dataverse
// package's README ("Client, auth, limits and retries").
import { fork } from 'node:child_process';
import { nodeHttpFetch } from '../packages/dataverse/src/client/nodeHttpFetch';
import { ownCpuSeconds } from './processCpu';

if (process.argv[2] === '--server') {
  const { createServer } = await import('node:http');
  const answer = Buffer.from(`${'x'.repeat(298)}\r\n`.repeat(2000));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'Content-Type': 'multipart/mixed' }).end(answer));
  });
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
} else {
  const requests = Number(process.argv[2] ?? 100);
  const child = fork(new URL(import.meta.url).pathname, ['--server'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(message as number)));
  const body = `${'y'.repeat(899)}\n`.repeat(2000);
  const transports = { fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => fetch(url, init), nodeHttpFetch: nodeHttpFetch() };
  try {
    for (const round of [1, 2, 3]) {
      for (const [name, send] of Object.entries(transports)) {
        const cpuBefore = ownCpuSeconds();
        for (let i = 0; i < requests; i++) {
          const response = await send(`http://127.0.0.1:${port}/api/data/v9.2/$batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
          if ((await response.text()).length !== 600_000) throw new Error('short answer');
        }
        const usedMs = (ownCpuSeconds() - cpuBefore) * 1000;
        console.log(`round ${round} ${name.padEnd(13)} ${(usedMs / requests).toFixed(2)} CPU ms per exchange`);
      }
    }
  } finally {
    child.kill();
  }
}
