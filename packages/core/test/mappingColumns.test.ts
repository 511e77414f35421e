import { describe, expect, it } from 'vitest';
import { declareMappingColumns, mappingColumns, withDefaults, type TableStore } from '../src/index';

const mapping = withDefaults({
  name: 'CUSTOMER',
  businessTable: 'Customer',
  integrationTable: 'account',
  businessFilter: { blocked: '' },
  integrationFilter: { $or: [{ statecode: 0 }, { customertypecode: 3 }] },
  fields: [
    { business: 'name', integration: 'name', match: {} },
    { business: 'salespersonCode', integration: 'ownerid', direction: 'toIntegration' },
    { integration: 'producttypecode', constant: 1, direction: 'toIntegration' },
  ],
  templates: {
    business: [{ name: 'T', filter: { industrycode: 7 }, values: { blocked: '' } }],
    integration: [{ name: 'U', filter: { countryRegionCode: 'DE' }, values: { customertypecode: 3 } }],
  },
});

describe('mappingColumns', () => {
  it('names the mapped fields, the side filter and the filters of templates chosen on rows of that side', () => {
    expect(mappingColumns(mapping, 'business').sort()).toEqual(['blocked', 'countryRegionCode', 'name', 'salespersonCode']);
    expect(mappingColumns(mapping, 'integration').sort()).toEqual(['customertypecode', 'industrycode', 'name', 'ownerid', 'producttypecode', 'statecode']);
  });

  it('declares them to each store that takes declarations', () => {
    const told: [string, string[]][] = [];
    const recording = { useColumns: (table: string, columns: readonly string[]) => told.push([table, [...columns].sort()]) } as unknown as TableStore;
    const silent = {} as TableStore; // a store without useColumns is simply not told
    declareMappingColumns([mapping], { business: silent, integration: recording });
    expect(told).toEqual([['account', ['customertypecode', 'industrycode', 'name', 'ownerid', 'producttypecode', 'statecode']]]);
  });
});
