import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliErrorCodes, ConfigError } from '../config/ConfigError';
import type { Output } from '../Output';
import { STARTER_CONFIG } from './starterConfig';

/** `tandem init [--force]`: writes the starter config; an existing file is kept unless `--force`. */
export function initCommand(file: string, options: { force?: boolean }, output: Output): void {
  const path = resolve(file);
  if (existsSync(path) && !options.force) {
    throw new ConfigError(CliErrorCodes.INIT_FILE_EXISTS, `${path} exists already; pass --force to overwrite it`);
  }
  writeFileSync(path, STARTER_CONFIG);
  output.line(`wrote ${path}`);
  output.line('next: `tandem sync --all --full` runs every mapping once against the embedded emulator');
}
