import { DecimalType } from '@mikro-orm/core';

/**
 * The type of the ERP's decimal columns: MikroORM's decimal, read back as the shortest text. PostgreSQL returns a
 * `numeric(18,5)` value padded to its scale (`'643.97000'`), SQLite as a number (`643.97`); both become `'643.97'`,
 * so rows read the same on either database. (Named `NumericType` so that core describes the field as a decimal.)
 */
export class NumericType extends DecimalType<'string'> {
  constructor() {
    super('string');
  }

  override convertToJSValue(value: string | number): string {
    const text = String(value);
    return /^-?\d+\.\d*$/.test(text) ? text.replace(/\.?0+$/, '') : text;
  }
}
