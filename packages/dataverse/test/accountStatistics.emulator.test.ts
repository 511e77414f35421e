import { describe, expect, it } from 'vitest';
import type { WriteOperation } from '@tandem/core';
import { ACCOUNT_STATISTICS_MONEY_COLUMNS, type DataverseStore, getDataverseTable } from '@tandem/dataverse';
import { emulatorStores } from './emulatorStore';

const store = emulatorStores();

type Operation = { kind: 'insert'; values: Record<string, unknown> } | { kind: 'update'; id: string; values: Record<string, unknown> };

async function write(crm: DataverseStore, table: string, operation: Operation): Promise<string> {
  const [result] = await crm.write(table, [{ ...operation, ref: table } as WriteOperation]);
  if (!result?.ok) throw result?.error ?? new Error('no result');
  return result.id;
}

describe('nav_accountstatistics (the BC solution statistics table) on the emulator', () => {
  it('stores a statistics row with its money columns and links it from the account through nav_accountstatisticsid', async () => {
    const crm = await store();
    const definition = getDataverseTable('nav_accountstatistics');
    for (const column of ACCOUNT_STATISTICS_MONEY_COLUMNS) {
      expect(definition.fields[column]?.type).toBe('decimal');
      expect(definition.fields[`${column}_base`]?.readOnly).toBe(true);
    }
    const account = await write(crm, 'account', { kind: 'insert', values: { name: 'Adatum' } });
    const statistics = await write(crm, 'nav_accountstatistics', {
      kind: 'insert',
      values: { nav_name: 'Adatum', nav_customerno: 'C1', nav_balancelcy: '125.5', nav_totalsaleslcy: 1, nav_overdueamountsasof: '2026-11-30' },
    });
    await write(crm, 'account', { kind: 'update', id: account, values: { nav_accountstatisticsid: statistics } });

    const [row] = await crm.getByIds('account', [account]);
    expect(row!.values['_nav_accountstatisticsid_value']).toBe(statistics);
    const [stats] = await crm.getByIds('nav_accountstatistics', [statistics]);
    expect(stats!.values).toMatchObject({ nav_name: 'Adatum', nav_customerno: 'C1', statecode: 0 });
    expect(Number(stats!.values['nav_balancelcy'])).toBe(125.5);
    expect(Number(stats!.values['nav_totalsaleslcy'])).toBe(1);
  });
});
