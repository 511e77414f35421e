import type { DataverseColumn } from '@tandem/dataverse';
import type { EmulatorContext } from '../server/EmulatorContext';
import { targetColumnOf } from '../storage/SqlNames';
import type { StoredRow } from '../storage/TableStorage';
import type { SqlValue } from '../storage/ValueCodec';
import { isDateOnly } from '../storage/ValueCodec';

/**
 * The `OData.Community.Display.V1.FormattedValue` of a column, as an en-US user in UTC would see it: choice and
 * yes/no labels, the primary name of a lookup's row, money with its currency symbol, grouped numbers, and dates as
 * `4/7/2023 9:59 PM`. Returns undefined when there is nothing to format.
 */
export class FormattedValues {
  private readonly nameCache = new Map<string, string | null>();

  constructor(private readonly context: EmulatorContext) {}

  format(column: DataverseColumn, row: StoredRow): string | undefined {
    const raw = row[column.name];
    if (raw === null || raw === undefined) return undefined;
    switch (column.attributeType) {
      case 'Picklist':
      case 'State':
      case 'Status':
        return column.options?.find((option) => option.value === raw)?.label;
      case 'Boolean':
        return raw === 1 ? 'Yes' : 'No';
      case 'Lookup':
      case 'Customer':
      case 'Owner': {
        const table = lookupTarget(column, row);
        return table ? (this.primaryName(table, String(raw)) ?? undefined) : undefined;
      }
      case 'Money':
        return `${this.currencySymbol(row)}${numberFormat(column.precision ?? 2).format(Number(raw))}`;
      case 'Integer':
      case 'BigInt':
        return numberFormat(0).format(Number(raw));
      case 'Decimal':
      case 'Double':
        return numberFormat(column.precision ?? 2).format(Number(raw));
      case 'DateTime':
        return formatDate(String(raw), isDateOnly(column) || column.dateTimeFormat === 'DateOnly');
      default:
        return undefined;
    }
  }

  /** The primary name of a row of a served table (`fullname` of a user, `name` of an account). */
  primaryName(logicalName: string, id: string): string | null {
    const key = `${logicalName}:${id}`;
    if (this.nameCache.has(key)) return this.nameCache.get(key)!;
    const model = this.context.catalog.findByLogicalName(logicalName);
    let name: string | null = null;
    if (model && model.byReadName.has(model.primaryName) && this.context.database.hasTable(logicalName)) {
      const value = this.context.database.table(logicalName).get(id, [model.primaryName])?.[model.primaryName];
      name = value === undefined || value === null ? null : String(value);
    }
    this.nameCache.set(key, name);
    return name;
  }

  private currencySymbol(row: StoredRow): string {
    const currencyId = row['_transactioncurrencyid_value'];
    if (typeof currencyId === 'string' && this.context.database.hasTable('transactioncurrency')) {
      const symbol = this.context.database.table('transactioncurrency').get(currencyId, ['currencysymbol'])?.['currencysymbol'];
      if (typeof symbol === 'string') return symbol;
    }
    return '$';
  }
}

/** The table a lookup value points at: its only target, or the stored target of a polymorphic lookup. */
export function lookupTarget(column: DataverseColumn, row: StoredRow): string | undefined {
  const targets = column.targets ?? [];
  if (targets.length === 1) return targets[0]!.table;
  const stored: SqlValue | undefined = row[targetColumnOf(column.name)];
  return typeof stored === 'string' ? stored : targets[0]?.table;
}

const numberFormats = new Map<number, Intl.NumberFormat>();

function numberFormat(digits: number): Intl.NumberFormat {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format;
}

function formatDate(value: string, dateOnly: boolean): string | undefined {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  const day = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
  if (dateOnly) return day;
  const hours = date.getUTCHours();
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${day} ${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}
