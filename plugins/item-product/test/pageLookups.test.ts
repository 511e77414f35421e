import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestPair } from '@tandem/testing';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { ITEM_PRODUCT, ItemProductErrorCodes } from '../src/index';
import { addItem, startItemPair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await pair?.close();
  pair = undefined;
});

describe('ITEM-PRODUCT looks up per page, not per record', () => {
  it('checks the base units of a page\'s items with one state query per page, none per item', async () => {
    pair = await startItemPair();
    for (let n = 1; n <= 8; n++) await addItem(pair, { no: `I${n}` });
    await addItem(pair, { no: 'I9', baseUnitOfMeasure: 'BOX' }); // not coupled: fails alone
    await pair.host.mappings.update(ITEM_PRODUCT, { pageSize: 3 });
    const couplingsBy = vi.spyOn(pair.host.state, 'couplingsBy');
    const findCoupling = vi.spyOn(pair.host.state, 'findCoupling');

    const [job] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 8, failed: 1 });
    expect((await pair.host.state.errors(ITEM_PRODUCT))[0]).toMatchObject({ sourceId: 'I9', message: expect.stringContaining(ItemProductErrorCodes.BASE_UNIT_NOT_COUPLED) });
    const unitQueries = couplingsBy.mock.calls.filter(([mapping]) => mapping === UNIT_OF_MEASURE);
    // Per page of 3 items, two queries whatever the page's size: the engine's reference translation of the
    // baseUnitOfMeasure field, and the plugin's base-unit check (before: one findCoupling per item).
    expect(unitQueries).toHaveLength(6);
    expect(unitQueries.map(([, , ids]) => [...new Set(ids)].sort())).toEqual([['PCS'], ['PCS'], ['PCS'], ['PCS'], ['BOX', 'PCS'], ['BOX', 'PCS']]);
    expect(findCoupling.mock.calls.filter(([mapping]) => mapping === UNIT_OF_MEASURE)).toHaveLength(0);
  });
});
