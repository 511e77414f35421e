// TANDEM_HEAP_GROWING_PERCENT: the default, V8's own policy, and a bad value refused before any host boots.
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWING_PERCENT, ErrorCodes, HEAP_GROWTH_ENV, limitHeapGrowth } from '@tandem/core';
import { cliIn } from './cliInProcess';
import { tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());
afterEach(() => {
  delete process.env[HEAP_GROWTH_ENV];
});

describe('limitHeapGrowth', () => {
  it('applies Tandem default when unset or empty, the given percent, and 0 for V8 own policy', () => {
    expect(limitHeapGrowth({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(limitHeapGrowth({ [HEAP_GROWTH_ENV]: ' ' })).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(limitHeapGrowth({ [HEAP_GROWTH_ENV]: '50' })).toBe(50);
    expect(limitHeapGrowth({ [HEAP_GROWTH_ENV]: '0' })).toBe(0);
  });

  it.each(['-5', '1.5', 'lots', '1001', '100%'])('refuses %j with a code and a message naming the variable', (value) => {
    let caught: unknown;
    try {
      limitHeapGrowth({ [HEAP_GROWTH_ENV]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: ErrorCodes.HEAP_GROWTH_INVALID,
      message: `${HEAP_GROWTH_ENV} must be a whole number from 0 (V8's own heap growth) to 1000, got '${value}'; unset it for Tandem's default of 100`,
    });
  });

  it('a bad value stops a command with exit 2 before its config is even read', async () => {
    process.env[HEAP_GROWTH_ENV] = 'lots';
    const result = await cliIn(join(project.dir, 'no-such.config.ts'), 'status');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`tandem: TANDEM_HEAP_GROWTH_INVALID: ${HEAP_GROWTH_ENV} must be a whole number`);
    expect(result.stderr).not.toContain('TANDEM_CLI_CONFIG_NOT_FOUND');
  });
});
