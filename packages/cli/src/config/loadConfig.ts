import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage } from '@tandem/core';
import { CliErrorCodes, ConfigError } from './ConfigError';
import type { TandemConfig } from './TandemConfig';
import { validateConfig } from './validateConfig';

export const DEFAULT_CONFIG_FILE = 'tandem.config.ts';

/** A validated config and the file it came from (relative paths in it are relative to that file's folder). */
export interface LoadedConfig {
  config: TandemConfig;
  file: string;
}

let tsxRegistered = false;

/**
 * Imports a `tandem.config.ts` and validates it. Under tsx (the `tandem` command always runs under it) this is a plain
 * `import()`, so the config's plugins share the process's modules; from plain Node, tsx's `register()` is switched on
 * first. (`tsImport` would load the config in a separate module namespace: two copies of `@tandem/core`.)
 */
export async function loadConfig(path: string = DEFAULT_CONFIG_FILE): Promise<LoadedConfig> {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new ConfigError(CliErrorCodes.CONFIG_NOT_FOUND, `no config file at ${file}; run \`tandem init\` to write one, or pass --config <file>`);
  }
  let module: { default?: unknown };
  try {
    module = await importTs(pathToFileURL(file).href);
  } catch (error) {
    // Outside an ES-module package, Node takes a .ts file for CommonJS and the config's imports cannot load.
    const hint = /require\(\) ES Module|ERR_REQUIRE/.test(errorMessage(error))
      ? '; the config must load as an ES module: add "type": "module" to the package.json of its folder, or name it tandem.config.mts'
      : '';
    throw new ConfigError(CliErrorCodes.CONFIG_LOAD_FAILED, `cannot load ${file}: ${errorMessage(error)}${hint}`);
  }
  if (module.default === undefined) {
    throw new ConfigError(CliErrorCodes.CONFIG_INVALID, `${file} has no default export; write \`export default defineConfig({ … })\``);
  }
  return { config: validateConfig(module.default, file), file };
}

async function importTs(url: string): Promise<{ default?: unknown }> {
  try {
    return await import(url);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || tsxRegistered) throw error;
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
    return import(url);
  }
}
