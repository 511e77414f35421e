import { describe, expect, it } from 'vitest';
import { createLogger, SecretScrubber } from '../src/index';

describe('createLogger', () => {
  it('redacts secret keys and scrubs the environment secrets out of every line, pretty or JSON', () => {
    const lines: string[] = [];
    const scrubber = new SecretScrubber(['very-secret-value']);
    for (const format of ['json', 'pretty'] as const) {
      const logger = createLogger({ level: 'debug', format, write: (line) => lines.push(line), scrubber });
      logger.info({ mapping: 'CUSTOMER', auth: { clientId: 'app', clientSecret: 'very-secret-value' }, token: 'tok-123456' }, 'token for very-secret-value');
      logger.debug({ request: { headers: { authorization: 'Bearer abc.def' } } }, 'request');
      logger.trace({}, 'below the level');
    }
    expect(lines).toHaveLength(4);
    const json = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(json).toMatchObject({ msg: 'token for [redacted]', mapping: 'CUSTOMER', auth: '[redacted]', token: '[redacted]' });
    expect(lines[2]).toMatch(/^\d\d:\d\d:\d\d INFO  token for \[redacted\] mapping=CUSTOMER auth=\[redacted\] token=\[redacted\]\n$/);
    for (const line of lines) expect(line).not.toMatch(/very-secret-value|tok-123456|abc\.def/);
  });
});
