import { describe, expect, it } from 'vitest';
import { ReadHorizon } from '../src/engine/ReadHorizon';

const at = (iso: string, id = '') => ({ modifiedOn: new Date(iso), id });
const OVERLAP = 1000;

describe('ReadHorizon: how far a pass is sure to have seen the change stream (issue 8)', () => {
  it('rows stamped longer than the window before the read are all seen: the horizon is the last row', () => {
    const horizon = new ReadHorizon(OVERLAP);
    horizon.observe(undefined, at('2026-01-01T00:00:00Z', 'B'), false, new Date('2026-01-01T00:01:00Z'));
    horizon.observe(at('2026-01-01T00:00:00Z', 'B'), at('2026-01-01T00:00:30Z', 'C'), true, new Date('2026-01-01T00:01:00Z'));
    expect(horizon.seenThrough(at('2026-01-01T00:00:30Z', 'C'))).toEqual(at('2026-01-01T00:00:30Z', 'C'));
  });

  it('a read that reached rows stamped inside the window stops the horizon at the window, not at its last row', () => {
    const horizon = new ReadHorizon(OVERLAP);
    horizon.observe(undefined, at('2026-01-01T00:00:59.800Z', 'Z'), true, new Date('2026-01-01T00:01:00Z'));
    expect(horizon.seenThrough(at('2026-01-01T00:00:59.800Z', 'Z'))).toEqual(at('2026-01-01T00:00:59Z'));
  });

  it('the horizon never goes below where the read started', () => {
    const horizon = new ReadHorizon(OVERLAP);
    const from = at('2026-01-01T00:00:59.500Z', 'M');
    horizon.observe(from, at('2026-01-01T00:00:59.800Z', 'Z'), true, new Date('2026-01-01T00:01:00Z'));
    expect(horizon.seenThrough(at('2026-01-01T00:00:59.800Z', 'Z'))).toEqual(from);
  });

  it('an earlier page that covered unsure stamps holds the horizon back, whatever later reads saw', () => {
    const horizon = new ReadHorizon(OVERLAP);
    // Page one reached a row stamped 300 ms before it was read; the next read, a minute later, is sure of everything.
    horizon.observe(undefined, at('2026-01-01T00:00:59.700Z', 'P'), false, new Date('2026-01-01T00:01:00Z'));
    horizon.observe(at('2026-01-01T00:00:59.700Z', 'P'), at('2026-01-01T00:01:00Z', 'Q'), true, new Date('2026-01-01T00:02:00Z'));
    expect(horizon.seenThrough(at('2026-01-01T00:01:00Z', 'Q'))).toEqual(at('2026-01-01T00:00:59Z'));
  });

  it('an empty read of the stream\'s end, 200 ms after its last row, is sure of nothing above where it started', () => {
    const horizon = new ReadHorizon(OVERLAP);
    // A row stamped after Z may still commit with that stamp: the next pass starts at Z, not at the read's time.
    horizon.observe(at('2026-01-01T00:00:59.800Z', 'Z'), undefined, true, new Date('2026-01-01T00:01:00Z'));
    expect(horizon.seenThrough(at('2026-01-01T00:00:59.800Z', 'Z'))).toEqual(at('2026-01-01T00:00:59.800Z', 'Z'));
  });

  it('without a read time (a store that does not say) the horizon is unknown and the next pass re-reads the window', () => {
    const horizon = new ReadHorizon(OVERLAP);
    horizon.observe(undefined, at('2026-01-01T00:00:00Z', 'A'), false, new Date('2026-01-01T00:01:00Z'));
    horizon.observe(at('2026-01-01T00:00:00Z', 'A'), at('2026-01-01T00:00:01Z', 'B'), true, undefined);
    expect(horizon.seenThrough(at('2026-01-01T00:00:01Z', 'B'))).toBeUndefined();
  });
});
