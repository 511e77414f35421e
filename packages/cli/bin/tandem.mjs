#!/usr/bin/env node
// The `tandem` bin for hosts that install @tandem/cli: switch on tsx (the sources and the config are TypeScript), then
// run the CLI in this process.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
