import { isEmpty, type TransformContext } from '@tandem/core';
import { text, type InvoicePages } from '../InvoicePage';

/**
 * Reference §6.3 "Before insert": the invoice's `description` is the description of its shipment method (blank when
 * the invoice has none, or the method has no description). Written only when it differs.
 */
export async function shipmentMethodDescription(pages: InvoicePages, context: TransformContext): Promise<void> {
  const code = text(context.source.values.shipmentMethodCode);
  const description = code ? ((await pages.of(context.job.id, context.source)).shipmentMethodDescriptions.get(code) ?? null) : null;
  const current = context.destination?.values.description;
  if (isEmpty(description) && isEmpty(current)) return;
  if (description !== current) context.changes.description = description;
}
