import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

describe('rowFromRecord', () => {
  // Values stored by computed name left the object in V8's dictionary mode: 1.9 KB a row instead of 0.5 KB, and two
  // pages of rows are live during a pass (bench/README.md, "Where the peak RSS comes from").
  it('returns values with fast properties (V8 asked in a process of its own)', () => {
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', join(root, 'packages/dataverse/test/fixtures/rowShape.ts')], { cwd: root, encoding: 'utf8' });
    const shape = JSON.parse(output.trim().split('\n').pop()!) as { columns: number; fast: boolean };
    expect(shape.columns).toBeGreaterThanOrEqual(20);
    expect(shape.fast).toBe(true);
  }, 60_000);
});
