#!/usr/bin/env node
// The `tandem` bin for hosts that install @tandem/cli: switch on tsx (the sources and the config are TypeScript), then
// run the CLI in this process. tsx is given this package's tsconfig.bin.json: a host's folder may have no tsconfig of
// its own, and without `experimentalDecorators` the plugins' parameter decorators (`@inject(TOKEN)`) do not compile.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: process.env.TSX_TSCONFIG_PATH ?? fileURLToPath(new URL('../tsconfig.bin.json', import.meta.url)) });
await import('../src/main.ts');
