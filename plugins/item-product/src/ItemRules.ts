import type { HostServices, RecordContext, TransformContext, WriteContext } from '@tandem/core';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';
import { ProductState, itemBlockedFor } from './productState';

/** The CRM → ERP rules of ITEM-PRODUCT: Blocked follows the product's state; a new item takes the product's number. */
export class ItemRules {
  constructor(private readonly services: () => HostServices) {}

  /** After the transfer: Blocked := state ≠ Active (BC's UpdateItemAfterTransferRecordFields). */
  blockedFromState(ctx: TransformContext): void {
    const blocked = itemBlockedFor(ctx.source.values.statecode);
    if (ctx.action === 'insert' || ctx.destination?.values.blocked !== blocked) ctx.changes.blocked = blocked;
  }

  /** A new item (full sync of an uncoupled product): its number and base unit come from the product. */
  async newItemKeys(ctx: WriteContext): Promise<void> {
    ctx.values.no ??= ctx.source.values.productnumber;
    const groupId = ctx.source.values._defaultuomscheduleid_value;
    if (ctx.values.baseUnitOfMeasure == null && typeof groupId === 'string') {
      const coupling = await this.services().state.findCoupling(UNIT_OF_MEASURE, 'integration', groupId);
      ctx.values.baseUnitOfMeasure = coupling?.businessId ?? null;
    }
  }

  /** The post-filter: an uncoupled product that is not Active (Draft, Retired) is left out (the reference's filter). */
  ignoreInactiveUncoupled(ctx: RecordContext): boolean | undefined {
    return ctx.source.values.statecode !== ProductState.ACTIVE && !ctx.coupling?.businessId ? true : undefined;
  }
}
