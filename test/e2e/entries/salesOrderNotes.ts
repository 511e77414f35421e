import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { RecordLinkSchema } from '@tandem/erp';
import { SALES_ORDER } from '@tandem/plugin-sales-order';
import { SALES_ORDER_NOTES, SalesOrderNotesPlugin } from '@tandem/plugin-sales-order-notes';
import type { Scenario } from '../Scenario';
import type { ScenarioEntry } from '../ScenarioEntry';

const notesOf = async (s: Scenario) =>
  s.erp().find(RecordLinkSchema, { tableName: 'SalesHeader', recordNo: await s.erpIdOf(SALES_ORDER, s.id('crmOrder')) }, { orderBy: { description: 'asc' } });

/**
 * SALESORDER-NOTES ↔ annotation: Casey's note on her order arrives on the ERP order (id `crmNote`); later an ERP note
 * goes to the CRM order while Casey edits hers.
 */
export const salesOrderNotes: ScenarioEntry = {
  plugin: SalesOrderNotesPlugin,
  mappings: { [SALES_ORDER_NOTES]: { fromIntegration: { inserted: 1 } } },
  async seed(s) {
    await s.crmInsert('annotation', { subject: 'Delivery', notetext: 'Gate code 1234', objectid: { table: 'salesorder', id: s.id('crmOrder') } }, 'crmNote');
  },
  async checkFirstRun(s) {
    expect(await notesOf(s)).toEqual([expect.objectContaining({ type: 'Note', description: 'Delivery', note: 'Gate code 1234' })]);
  },
  change: {
    async make(s) {
      await s.erp().insert(RecordLinkSchema, {
        tableName: 'SalesHeader', recordNo: await s.erpIdOf(SALES_ORDER, s.id('crmOrder')), type: 'Note', url: null, description: 'Packing',
        note: 'Pack in two boxes', createdAt: new Date(), userId: 'ERP', notify: false, toUserId: null, systemId: randomUUID(), modifiedAt: new Date(),
      });
      await s.crmUpdate('annotation', s.id('crmNote'), { notetext: 'Gate code 4321' });
    },
    expected: { [SALES_ORDER_NOTES]: { toIntegration: { inserted: 1 }, fromIntegration: { modified: 1 } } },
    async verify(s) {
      expect((await notesOf(s)).map((n) => [n.description, n.note])).toEqual([['Delivery', 'Gate code 4321'], ['Packing', 'Pack in two boxes']]);
      const annotations = await s.crmRows('annotation', { _objectid_value: s.id('crmOrder') });
      expect(annotations.map((a) => a.values.notetext).sort()).toEqual(['Gate code 4321', 'Pack in two boxes']);
    },
  },
};
