import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import { ERP_SETUP_KEY, ErpSetupSchema, type ErpSetup } from '../entities/ErpSetup';
import { erpErrors } from '../errors/erpErrors';

/** The setup row, or `TANDEM_ERP_SETUP_MISSING`. */
export async function loadSetup(em: EntityManager): Promise<ErpSetup> {
  const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
  if (!setup) throw erpErrors.setupMissing();
  return setup;
}

/** A setup field that must be filled for an operation. */
export function requireSetup(setup: ErpSetup, field: 'orderNos' | 'quoteNos' | 'postedInvoiceNos'): string {
  const value = setup[field];
  if (!value) throw erpErrors.setupFieldMissing(field);
  return value;
}

/** Blank text (`undefined`, `null`, only spaces) as `null`; anything else trimmed. */
export function blankToNull(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

/** A `YYYY-MM-DD` date that exists, or `TANDEM_ERP_VALUE_INVALID`. */
export function checkDate(value: string, field: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw erpErrors.valueInvalid(field, value, 'a date as YYYY-MM-DD');
  }
  return value;
}

/** A blank code stays blank; any other code must be a row of `schema` (keyed by `code`). */
export async function checkCode(em: EntityManager, schema: EntitySchema<any>, label: string, code: string | null | undefined): Promise<string | null> {
  const value = blankToNull(code);
  if (value === null) return null;
  const found = await em.findOne(schema, { code: value });
  if (!found) throw erpErrors.codeNotFound(label, value);
  return (found as { code: string }).code;
}
