import type { HostServices, Row, TransformContext } from '@tandem/core';
import { ItemSchema, ResourceSchema, type UnitGroupSourceType } from '@tandem/erp';
import { unitOfMeasureErrors } from './errors';
import { PageLookup } from './PageLookup';

/**
 * The rule of `UNIT GROUP`: a unit group belongs to an item or resource that exists. Checked per page: the items and
 * resources of the page's groups are read with one query each.
 */
export class UnitGroupSources {
  readonly lookup: PageLookup<boolean>;

  constructor(private readonly services: () => HostServices) {
    this.lookup = new PageLookup((rows) => this.#load(rows));
  }

  /** Before the transfer (`VALIDATE`): the group's item or resource must exist. */
  async check(ctx: TransformContext): Promise<void> {
    if (await this.lookup.get(ctx.source)) return;
    const { code, sourceType, sourceNo } = ctx.source.values;
    throw unitOfMeasureErrors.groupSourceMissing(String(code), String(sourceType), String(sourceNo));
  }

  async #load(rows: readonly Row[]): Promise<ReadonlyMap<string, boolean>> {
    const em = this.services().orm.em.fork();
    const nosOf = (type: UnitGroupSourceType) => [...new Set(rows.filter((r) => r.values.sourceType === type).map((r) => String(r.values.sourceNo)))];
    const itemNos = nosOf('Item');
    const resourceNos = nosOf('Resource');
    const items = itemNos.length ? await em.find(ItemSchema, { no: { $in: itemNos } }, { fields: ['no'] }) : [];
    const resources = resourceNos.length ? await em.find(ResourceSchema, { no: { $in: resourceNos } }, { fields: ['no'] }) : [];
    const existing = new Set([...items.map((i) => `Item:${i.no}`), ...resources.map((r) => `Resource:${r.no}`)]);
    return new Map(rows.map((r) => [r.id, existing.has(`${String(r.values.sourceType)}:${String(r.values.sourceNo)}`)]));
  }
}
