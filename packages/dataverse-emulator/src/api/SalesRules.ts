import { PlatformErrorCodes, type PlatformErrorCode } from '@tandem/dataverse';
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import type { CallerContext } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';
import { quoteIdent } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';

/** Creates a row through the writer (with stamps and rules), for rows the service makes on its own. */
export type RowCreator = (model: EntityModel, id: string, values: StoredRow, caller: CallerContext) => StoredRow;

/** Lines take their currency from their header row, documents and price list items from their price list. */
const CURRENCY_FROM_PARENT: Record<string, { lookup: string; table: string }> = {
  salesorder: { lookup: '_pricelevelid_value', table: 'pricelevel' },
  invoice: { lookup: '_pricelevelid_value', table: 'pricelevel' },
  quote: { lookup: '_pricelevelid_value', table: 'pricelevel' },
  salesorderdetail: { lookup: '_salesorderid_value', table: 'salesorder' },
  quotedetail: { lookup: '_quoteid_value', table: 'quote' },
  invoicedetail: { lookup: '_invoiceid_value', table: 'invoice' },
  productpricelevel: { lookup: '_pricelevelid_value', table: 'pricelevel' },
};

/**
 * The Sales server-side rules the entity plugins meet, with the codes and messages of the real service:
 * currencies (rate > 0, unique ISO code, the base currency fixed), the default currency and exchange rate of
 * money-bearing rows, unique product numbers, one price per product and unit on a price list, a unit group's
 * base unit, and default product structure and post source.
 */
export class SalesRules {
  constructor(
    private readonly context: EmulatorContext,
    private readonly createRow: RowCreator,
  ) {}

  beforeCreate(model: EntityModel, row: StoredRow): void {
    switch (model.logicalName) {
      case 'transactioncurrency':
        this.checkExchangeRate(row['exchangerate'], 'create');
        this.checkUnique(model, row, 'isocurrencycode', PlatformErrorCodes.DuplicateIsoCurrencyCode,
          'Cannot insert duplicate currency record. Currency with the same currency code already exist in the system.');
        break;
      case 'product':
        if (row['productstructure'] === undefined || row['productstructure'] === null) row['productstructure'] = 1;
        this.checkProductNumber(model, row);
        break;
      case 'productpricelevel':
        this.fillUnitGroup(row);
        this.checkPriceListItem(model, row);
        break;
      case 'uomschedule':
        if (typeof row['baseuomname'] !== 'string' || row['baseuomname'].trim() === '') {
          throw ServiceError.businessRule(PlatformErrorCodes.BaseUomNameNotSpecified, 'baseuomname not specified');
        }
        break;
      case 'quote':
        this.assignRevision(model, row);
        break;
      case 'post':
        // "If not specified, it is set to manual post."
        if (row['source'] === undefined || row['source'] === null) row['source'] = 2;
        break;
    }
    this.applyCurrency(model, row, row);
  }

  /** A unit group gets its base unit (created as the same caller): named `baseuomname`, quantity 1, its own base. */
  afterCreate(model: EntityModel, row: StoredRow, caller: CallerContext): void {
    if (model.logicalName !== 'uomschedule' || !this.context.database.hasTable('uom')) return;
    const uom = this.context.catalog.findByLogicalName('uom')!;
    const scheduleId = row[model.primaryId] as string;
    const unitId = randomUUID();
    this.createRow(uom, unitId, {
      name: row['baseuomname'],
      quantity: 1,
      isschedulebaseuom: 1,
      _uomscheduleid_value: scheduleId,
      _baseuom_value: unitId,
    }, caller);
  }

  beforeUpdate(model: EntityModel, existing: StoredRow, changes: StoredRow): void {
    const merged = { ...existing, ...changes };
    switch (model.logicalName) {
      case 'transactioncurrency': {
        const isBase = existing[model.primaryId] === this.context.baseCurrencyId;
        if ('exchangerate' in changes) {
          if (isBase && changes['exchangerate'] !== existing['exchangerate']) {
            throw ServiceError.businessRule(PlatformErrorCodes.ExchangeRateOfBaseCurrencyNotUpdatable, 'The exchange rate of the base currency cannot be modified.');
          }
          this.checkExchangeRate(changes['exchangerate'], 'update');
        }
        if (isBase && changes['statecode'] !== undefined && changes['statecode'] !== 0) {
          throw ServiceError.businessRule(PlatformErrorCodes.BaseCurrencyCannotBeDeactivated, 'The base currency cannot be deactivated.');
        }
        break;
      }
      case 'product':
        if ('productnumber' in changes) this.checkProductNumber(model, merged);
        break;
      case 'productpricelevel':
        if ('_uomid_value' in changes) this.fillUnitGroup(changes);
        if ('_pricelevelid_value' in changes || '_productid_value' in changes || '_uomid_value' in changes) {
          this.checkPriceListItem(model, { ...existing, ...changes });
        }
        break;
    }
    if ('_transactioncurrencyid_value' in changes) this.applyCurrency(model, merged, changes);
  }

  beforeDelete(model: EntityModel, row: StoredRow): void {
    if (model.logicalName === 'transactioncurrency' && row[model.primaryId] === this.context.baseCurrencyId) {
      throw ServiceError.businessRule(PlatformErrorCodes.BaseCurrencyNotDeletable, 'The base currency of an organization cannot be deleted.');
    }
    if (model.logicalName === 'uom' && row['isschedulebaseuom'] === 1) {
      throw ServiceError.businessRule(PlatformErrorCodes.BaseUnitNotDeletable, 'The base unit of a schedule cannot be deleted.');
    }
  }

  private checkExchangeRate(value: unknown, mode: 'create' | 'update'): void {
    if (typeof value === 'number' && value > 0) return;
    const got = value === undefined || value === null ? (mode === 'create' ? 'it is missing' : 'it is empty') : `got ${String(value)}`;
    throw ServiceError.businessRule(
      PlatformErrorCodes.InvalidExchangeRate,
      `The exchange rate is invalid. 'exchangerate' of a transactioncurrency must be greater than 0; ${got}.`,
    );
  }

  private checkProductNumber(model: EntityModel, row: StoredRow): void {
    this.checkUnique(model, row, 'productnumber', PlatformErrorCodes.ProductProductNumberExists,
      'The specified product ID conflicts with the product ID of an existing record. Specify a different product ID and try again.');
  }

  /** One price per product and unit on a price list. */
  private checkPriceListItem(model: EntityModel, row: StoredRow): void {
    const keys = ['_pricelevelid_value', '_productid_value', '_uomid_value'];
    if (keys.some((key) => typeof row[key] !== 'string')) return;
    const others = this.context.database.table(model.logicalName).select({
      where: `${keys.map((key) => `${quoteIdent(key)} = ?`).join(' AND ')} AND ${quoteIdent(model.primaryId)} <> ?`,
      params: [...keys.map((key) => row[key]!), row[model.primaryId] ?? ''],
      limit: 1,
    });
    if (others.length > 0) {
      throw ServiceError.businessRule(PlatformErrorCodes.DuplicateProductPriceLevel, 'This product and unit combination has a price for this price list.');
    }
  }

  /** `uomscheduleid` of a price list item follows its unit. */
  private fillUnitGroup(row: StoredRow): void {
    const unitId = row['_uomid_value'];
    if (typeof unitId !== 'string' || !this.context.database.hasTable('uom')) return;
    const group = this.context.database.table('uom').get(unitId, ['_uomscheduleid_value'])?.['_uomscheduleid_value'];
    if (typeof group === 'string') row['_uomscheduleid_value'] = group;
  }

  /**
   * `revisionnumber` (read-only for clients): 0 for a new quote number; a create that repeats an existing quote's
   * `quotenumber` is a revision of it and gets the highest revision + 1. This is what the service's ReviseQuote message
   * does for the new quote (the emulator has no messages: a client revises by closing the old quote as Revised and
   * creating its successor with the same number).
   */
  private assignRevision(model: EntityModel, row: StoredRow): void {
    const number = row['quotenumber'];
    if (typeof number !== 'string' || number === '') {
      row['revisionnumber'] = 0;
      return;
    }
    const earlier = this.context.database.table(model.logicalName).select({ where: `${quoteIdent('quotenumber')} = ?`, params: [number] }, ['revisionnumber']);
    row['revisionnumber'] = earlier.length === 0 ? 0 : Math.max(...earlier.map((r) => Number(r['revisionnumber'] ?? 0))) + 1;
  }

  /** A value of `column` (compared case-insensitively) that another row has is refused with `code`. */
  private checkUnique(model: EntityModel, row: StoredRow, column: string, code: PlatformErrorCode, message: string): void {
    const value = row[column];
    if (value === undefined || value === null) return;
    const others = this.context.database.table(model.logicalName).select({
      where: `${quoteIdent(column)} = ? AND ${quoteIdent(model.primaryId)} <> ?`,
      params: [value, row[model.primaryId] ?? ''],
      limit: 1,
    });
    if (others.length > 0) throw ServiceError.businessRule(code, `${message} (${column} '${String(value)}')`);
  }

  /**
   * Money-bearing rows: a create without a currency gets its header's currency (lines), its price list's (orders,
   * invoices, price list items) or the organization's base currency; `exchangerate` is copied from the currency whenever the currency is set.
   */
  private applyCurrency(model: EntityModel, merged: StoredRow, target: StoredRow): void {
    const currency = model.byReadName.get('_transactioncurrencyid_value');
    if (!currency || model.logicalName === 'transactioncurrency') return;
    if (merged['_transactioncurrencyid_value'] === undefined || merged['_transactioncurrencyid_value'] === null) {
      const fromParent = this.parentCurrency(model, merged);
      const currencyId = fromParent ?? this.context.baseCurrencyId;
      if (currencyId === undefined || target !== merged) return;
      target['_transactioncurrencyid_value'] = currencyId;
    }
    const currencyId = (target['_transactioncurrencyid_value'] ?? merged['_transactioncurrencyid_value']) as string | null;
    if (!model.byReadName.has('exchangerate') || !this.context.database.hasTable('transactioncurrency')) return;
    const rate = currencyId ? this.context.database.table('transactioncurrency').get(currencyId, ['exchangerate'])?.['exchangerate'] : null;
    target['exchangerate'] = typeof rate === 'number' ? rate : null;
  }

  private parentCurrency(model: EntityModel, row: StoredRow): string | undefined {
    const parent = CURRENCY_FROM_PARENT[model.logicalName];
    const parentId = parent ? row[parent.lookup] : undefined;
    if (!parent || typeof parentId !== 'string' || !this.context.database.hasTable(parent.table)) return undefined;
    const value = this.context.database.table(parent.table).get(parentId, ['_transactioncurrencyid_value'])?.['_transactioncurrencyid_value'];
    return typeof value === 'string' ? value : undefined;
  }
}
