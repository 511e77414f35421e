import type { HostServices, RecordContext, TransformContext, WriteContext } from '@tandem/core';
import { ProductState, itemBlockedFor } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE } from '@tandem/plugin-unit-of-measure';

/** The CRM → ERP rules of RESOURCE-PRODUCT: Blocked follows the product's state; a new resource takes its number. */
export class ResourceRules {
  constructor(private readonly services: () => HostServices) {}

  /** After the transfer: Blocked := state ≠ Active (the same rule as for items). */
  blockedFromState(ctx: TransformContext): void {
    const blocked = itemBlockedFor(ctx.source.values.statecode);
    if (ctx.action === 'insert' || ctx.destination?.values.blocked !== blocked) ctx.changes.blocked = blocked;
  }

  /** A new resource (full sync of an uncoupled service product): number and base unit from the product, a Person. */
  async newResourceKeys(ctx: WriteContext): Promise<void> {
    ctx.values.no ??= ctx.source.values.productnumber;
    ctx.values.type ??= 'Person';
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
