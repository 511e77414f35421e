import { defineConfig } from 'vitest/config';

// One project per package folder (named after its package.json), plus the cross-package scenarios in test/.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'plugins/*',
      { extends: true, test: { name: 'scenarios', include: ['test/**/*.test.ts'] } },
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
