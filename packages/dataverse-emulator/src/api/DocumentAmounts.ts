import type { EntityModel } from '../metadata/EntityModel';
import type { EmulatorContext } from '../server/EmulatorContext';
import type { StoredRow } from '../storage/TableStorage';

/** Order and invoice lines, and the lookup to their header. */
const LINES: Record<string, { header: string; lookup: string }> = {
  salesorderdetail: { header: 'salesorder', lookup: '_salesorderid_value' },
  invoicedetail: { header: 'invoice', lookup: '_invoiceid_value' },
};

/** The tables whose rows are headers of lines (every write asks: a set, not a search of `LINES` with a closure). */
const HEADERS = new Set(Object.values(LINES).map((link) => link.header));

/**
 * The amounts the service computes on orders and invoices (never written by clients):
 * - a line's `baseamount` = `priceperunit` × `quantity`, and `extendedamount` = `baseamount` − `manualdiscountamount`
 *   − `volumediscountamount` × `quantity` + `tax`;
 * - the header's `totallineitemamount` (sum of the lines' extended amounts), `totallineitemdiscountamount` (sum of
 *   manual discounts), `totaltax`, `totaldiscountamount` (`discountpercentage` of the line total, plus
 *   `discountamount`), `totalamountlessfreight` = line total − total discount, and `totalamount` =
 *   `totalamountlessfreight` + `freightamount` + `totaltax`;
 * - every money column's `<name>_base` = the amount divided by the row's `exchangerate`.
 * Rounded to 2 decimals (the money precision of the shipped tables).
 */
export class DocumentAmounts {
  constructor(private readonly context: EmulatorContext) {}

  /** Fills `target` with the computed columns of `merged` (the row after the write). */
  applyToRow(model: EntityModel, merged: StoredRow, target: StoredRow): void {
    if (LINES[model.logicalName]) {
      const quantity = num(merged['quantity']);
      const base = round(num(merged['priceperunit']) * quantity);
      const extended = round(base - num(merged['manualdiscountamount']) - num(merged['volumediscountamount']) * quantity + num(merged['tax']));
      target['baseamount'] = merged['baseamount'] = base;
      target['extendedamount'] = merged['extendedamount'] = extended;
    }
    if (this.isHeader(model)) this.applyTotals(model, merged, target);
    this.applyBaseAmounts(model, merged, target);
  }

  /** After a line was written or deleted: recomputes its header's totals. */
  refreshHeaderOf(model: EntityModel, line: StoredRow): void {
    const link = LINES[model.logicalName];
    const headerId = link ? line[link.lookup] : undefined;
    if (!link || typeof headerId !== 'string' || !this.context.database.hasTable(link.header)) return;
    const headerModel = this.context.catalog.findByLogicalName(link.header)!;
    const storage = this.context.database.table(link.header);
    const header = storage.get(headerId);
    if (!header) return;
    const changes: StoredRow = {};
    this.applyTotals(headerModel, { ...header }, changes);
    this.applyBaseAmounts(headerModel, { ...header, ...changes }, changes);
    // A recalculation is a change of the header: new row version (ETag).
    if (headerModel.byReadName.has('versionnumber')) changes['versionnumber'] = this.context.database.nextVersion();
    storage.update(headerId, changes);
  }

  private isHeader(model: EntityModel): boolean {
    return HEADERS.has(model.logicalName);
  }

  private applyTotals(model: EntityModel, merged: StoredRow, target: StoredRow): void {
    const link = Object.entries(LINES).find(([, l]) => l.header === model.logicalName);
    const id = merged[model.primaryId];
    let lineTotal = 0;
    let lineDiscounts = 0;
    let tax = 0;
    if (link && typeof id === 'string' && this.context.database.hasTable(link[0])) {
      for (const line of this.context.database.table(link[0]).referencing(link[1].lookup, id)) {
        lineTotal += num(line['extendedamount']);
        lineDiscounts += num(line['manualdiscountamount']);
        tax += num(line['tax']);
      }
    }
    const discount = round((lineTotal * num(merged['discountpercentage'])) / 100 + num(merged['discountamount']));
    const lessFreight = round(lineTotal - discount);
    const totals: StoredRow = {
      totallineitemamount: round(lineTotal),
      totallineitemdiscountamount: round(lineDiscounts),
      totaltax: round(tax),
      totaldiscountamount: discount,
      totalamountlessfreight: lessFreight,
      totalamount: round(lessFreight + num(merged['freightamount']) + tax),
    };
    for (const [name, value] of Object.entries(totals)) {
      if (model.byReadName.has(name)) target[name] = merged[name] = value;
    }
  }

  private applyBaseAmounts(model: EntityModel, merged: StoredRow, target: StoredRow): void {
    const rate = merged['exchangerate'];
    for (const { name, baseName } of moneyColumnsOf(model)) {
      const value = merged[name];
      const base = typeof value === 'number' && typeof rate === 'number' && rate > 0 ? round(value / rate) : null;
      if (merged[baseName] !== base || name in target) target[baseName] = base;
    }
  }
}

/** Money columns that have a `<name>_base` column, found once per table (every write of a row asks). */
const MONEY_COLUMNS = new WeakMap<EntityModel, { name: string; baseName: string }[]>();

function moneyColumnsOf(model: EntityModel): { name: string; baseName: string }[] {
  let columns = MONEY_COLUMNS.get(model);
  if (!columns) {
    columns = model.columns
      .filter((column) => column.attributeType === 'Money' && model.byReadName.has(`${column.name}_base`))
      .map((column) => ({ name: column.name, baseName: `${column.name}_base` }));
    MONEY_COLUMNS.set(model, columns);
  }
  return columns;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
