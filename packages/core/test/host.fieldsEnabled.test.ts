// The fieldsEnabled setting: a field switched off is not transferred, the switch persists across starts, bad keys are
// refused naming the known ones, switching every field off is refused, and reset brings the plugin's fields back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldKey, findFieldMappings, MappingValidationError } from '../src/index';
import { CUSTOMER_FIELDS, customerMapping, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
let dir = "";
afterEach(async () => {
  await db?.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fieldsEnabled', () => {
  it('keys and finds field mappings by key or by either field name', () => {
    expect(CUSTOMER_FIELDS.map(fieldKey)).toEqual(['name/name', 'city/address1_city', 'phone/telephone1']);
    expect(fieldKey({ integration: 'customertypecode', constant: 3 })).toBe('/customertypecode');
    expect(findFieldMappings(CUSTOMER_FIELDS, 'telephone1').map(fieldKey)).toEqual(['phone/telephone1']);
    expect(findFieldMappings(CUSTOMER_FIELDS, 'CITY').map(fieldKey)).toEqual(['city/address1_city']);
    expect(findFieldMappings(CUSTOMER_FIELDS, 'nope')).toEqual([]);
  });

  it('a disabled field is not sent; the switch persists, is validated, and reset restores the field', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-fields-'));
    const files = { businessFile: join(dir, 'b.sqlite'), integrationFile: join(dir, 'i.sqlite') };
    const plugin = () => testPlugin([customerMapping({ direction: 'toIntegration' })]);
    db = await twoDatabases([plugin()], files);
    const updated = await db.host.mappings.update('CUSTOMER', { fieldsEnabled: { 'phone/telephone1': false } });
    expect(updated.fields.find((f) => f.integration === 'telephone1')?.enabled).toBe(false);
    await expect(db.host.mappings.update('CUSTOMER', { fieldsEnabled: { 'phone/telephone': false } })).rejects.toThrow(
      /fieldsEnabled: no field mapping "phone\/telephone" \(did you mean "phone\/telephone1"\?\)/,
    );
    const allOff = { 'name/name': false, 'city/address1_city': false, 'phone/telephone1': false };
    await expect(db.host.mappings.update('CUSTOMER', { fieldsEnabled: allOff })).rejects.toThrow(MappingValidationError);
    await db.close();

    db = await twoDatabases([plugin()], files);
    expect(db.host.mappings.get('CUSTOMER').fields.map((f) => f.enabled !== false)).toEqual([true, true, false]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.run('CUSTOMER', { full: true });
    expect(await integrationRows(db.integrationOrm)).toMatchObject([{ name: 'Alpha', address1_city: 'Oslo', telephone1: null }]);

    const reset = await db.host.mappings.reset('CUSTOMER');
    expect(reset.fields.every((f) => f.enabled !== false)).toBe(true);
    await db.close();
    db = await twoDatabases([plugin()], files);
    expect(db.host.mappings.get('CUSTOMER').fieldsEnabled).toBeUndefined();
  });
});
