import {
  salesDocumentHeaderProperties,
  salesDocumentLineProperties,
  type SalesDocumentHeaderFields,
  type SalesDocumentLineFields,
} from '../entities/documentFields';

/** The header fields posting copies from the order to the invoice. */
export const HEADER_FIELDS = Object.keys(salesDocumentHeaderProperties()) as (keyof SalesDocumentHeaderFields)[];

/** The line fields posting copies from the order line to the invoice line. */
export const LINE_FIELDS = Object.keys(salesDocumentLineProperties()) as (keyof SalesDocumentLineFields)[];

export function pick<T, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const result = {} as Pick<T, K>;
  for (const key of keys) result[key] = source[key];
  return result;
}
