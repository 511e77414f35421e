import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * One project per workspace package (named after its package.json) and per example (`examples/<name>` is project
 * `example-<name>`: examples have no package.json, they run on the workspace's root dependencies), plus the
 * cross-package scenarios in test/. Each project extends this file, so the timeouts below hold everywhere (a glob
 * project would fall back to 5 s).
 */
const projectName = (dir: string) =>
  existsSync(join(dir, 'package.json')) ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string) : `example-${basename(dir)}`;

const packageProjects = ['packages', 'plugins', 'examples'].flatMap((folder) =>
  existsSync(folder)
    ? readdirSync(folder)
        .map((name) => join(folder, name))
        .filter((dir) => existsSync(join(dir, 'test')) && (folder === 'examples' || existsSync(join(dir, 'package.json'))))
        .map((dir) => ({
          extends: true as const,
          test: { name: projectName(dir), root: dir, include: ['test/**/*.test.ts'] },
        }))
    : [],
);

export default defineConfig({
  test: {
    projects: [...packageProjects, { extends: true, test: { name: 'scenarios', include: ['test/**/*.test.ts'] } }],
    // Many tests boot a host against the emulator or run the CLI in a child process: seconds on an idle machine,
    // far more on a loaded one. A generous limit keeps them from failing on load alone; a hang still fails.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two workers on the two-core machines we run on (vitest would take one): most tests wait on HTTP, SQLite or a
    // child process, and the suite runs in about 3 minutes instead of 4.
    maxWorkers: 2,
  },
});
