import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestPair } from '@tandem/testing';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { RESOURCE_PRODUCT, ResourceProductErrorCodes } from '../src/index';
import { addCrmProduct, addResource, startResourcePair } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await pair?.close();
  pair = undefined;
});

describe('RESOURCE-PRODUCT looks up per page, not per record', () => {
  it('reads the numbers of a page\'s new resources in one CRM read and checks their units per page, none per resource', async () => {
    pair = await startResourcePair();
    for (let n = 1; n <= 9; n++) await addResource(pair, { no: `R${n}` });
    await addCrmProduct(pair, 'R5', 1, 'PCS'); // an item's product already numbered R5
    await pair.host.mappings.update(RESOURCE_PRODUCT, { pageSize: 3 });
    const findByValues = vi.spyOn(pair.host.stores.integration, 'findByValues');
    const couplingsBy = vi.spyOn(pair.host.state, 'couplingsBy');
    const findCoupling = vi.spyOn(pair.host.state, 'findCoupling');

    const [job] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 8, failed: 1 });
    expect((await pair.host.state.errors(RESOURCE_PRODUCT))[0]!.message).toContain(ResourceProductErrorCodes.NUMBER_TAKEN);
    const productNumberReads = findByValues.mock.calls.filter(([table, query]) => table === 'product' && query.candidates.some((c) => 'productnumber' in c));
    expect(productNumberReads).toHaveLength(3); // one per page of 3 resources
    expect(productNumberReads.map(([, query]) => query.candidates.length)).toEqual([3, 3, 3]);
    // Two per page (the engine's reference translation and the base-unit check), none per record.
    expect(couplingsBy.mock.calls.filter(([mapping]) => mapping === UNIT_OF_MEASURE)).toHaveLength(6);
    expect(findCoupling.mock.calls.filter(([mapping]) => mapping === UNIT_OF_MEASURE)).toHaveLength(0);
  });
});
