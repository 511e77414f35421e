import { describe, expect, it } from 'vitest';
import { tableMetadataFromDefinition } from '../src/generator/tableMetadataFromDefinition';
import { dataverseTables } from '../src/tables/index';

/**
 * Every shipped table, as its definition and as the metadata the emulator serves for it, against files written before
 * the state/status columns moved into a shared builder. A refactor of the table files must leave both byte for byte the
 * same; a deliberate change (a new column) updates the files with `npx vitest run --project @tandem/dataverse -u`.
 */
describe('shipped table definitions, byte for byte', () => {
  it.each(Object.keys(dataverseTables))('%s: definition and generated metadata match the snapshot', async (name) => {
    const table = dataverseTables[name]!;
    const text = JSON.stringify({ definition: table, metadata: tableMetadataFromDefinition(table) }, null, 2);
    await expect(`${text}\n`).toMatchFileSnapshot(`./__snapshots__/tables/${name}.json`);
  });
});
