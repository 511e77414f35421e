import type { HostServices, Row, TransformContext } from '@tandem/core';
import { UnitGroupSchema, UnitOfMeasureSchema } from '@tandem/erp';
import { unitOfMeasureErrors } from './errors';
import { PageLookup } from './PageLookup';
import { UNIT_GROUP, type UnitSource } from './unitGroupMappings';

/** What a record of `ITEM UOM` / `RESOURCE UOM` needs from outside its row. */
export interface RecordUnitContext {
  /** The unit code exists among the ERP's units of measure. */
  unitExists: boolean;
  /** The CRM unit group of the record's item or resource (through its `UNIT GROUP` coupling). */
  scheduleId?: string;
  /** That group's base unit: what the new unit's quantity counts. */
  baseUnitId?: string;
  /** A unit of that group already named as the code: taken over instead of creating a second one. */
  existingUnit?: Row;
}

/**
 * The rules of `ITEM UOM` and `RESOURCE UOM`. Everything a page's records need — the unit groups of their items or
 * resources, those groups' couplings, the groups' units in the CRM, the unit codes in the ERP — is loaded once per
 * page (`PageLookup`): one ERP query per table, one state query, one CRM read.
 */
export class RecordUnits {
  readonly lookup: PageLookup<RecordUnitContext>;

  constructor(
    private readonly services: () => HostServices,
    private readonly source: UnitSource,
  ) {
    this.lookup = new PageLookup((rows) => this.#load(rows));
  }

  /** An uncoupled unit takes over the unit of its name in its item's group (the group's base unit, say). */
  async findExisting(row: Row): Promise<Row | undefined> {
    return (await this.lookup.get(row))?.existingUnit;
  }

  /** Before the transfer (`VALIDATE`): a positive quantity, a known unit code, a unit group in the CRM. */
  async check(ctx: TransformContext): Promise<void> {
    const { code, qtyPerUnitOfMeasure } = ctx.source.values;
    const owner = this.#owner(ctx.source);
    const qty = Number(qtyPerUnitOfMeasure);
    if (!(qty > 0)) throw unitOfMeasureErrors.qtyNotPositive(owner, String(code), qtyPerUnitOfMeasure);
    const found = await this.lookup.get(ctx.source);
    if (!found?.unitExists) throw unitOfMeasureErrors.unitUnknown(owner, String(code));
    if (!found.scheduleId) throw unitOfMeasureErrors.groupNotCoupled(owner, UNIT_GROUP);
  }

  /** After the transfer: a new unit goes into the group of its item or resource, counted in the group's base unit. */
  async complete(ctx: TransformContext): Promise<void> {
    if (ctx.action !== 'insert') return;
    const found = await this.lookup.get(ctx.source);
    if (!found?.baseUnitId) throw unitOfMeasureErrors.groupHasNoUnit(found?.scheduleId ?? '(none)');
    ctx.changes._uomscheduleid_value = found.scheduleId;
    ctx.changes._baseuom_value = found.baseUnitId;
  }

  #owner(row: Row): string {
    return `${this.source.sourceType} ${String(row.values[this.source.ownerField])}`;
  }

  async #load(rows: readonly Row[]): Promise<ReadonlyMap<string, RecordUnitContext>> {
    const services = this.services();
    const em = services.orm.em.fork();
    const owners = [...new Set(rows.map((r) => String(r.values[this.source.ownerField])))];
    const codes = [...new Set(rows.map((r) => String(r.values.code)))];
    const groups = await em.find(UnitGroupSchema, { sourceType: this.source.sourceType, sourceNo: { $in: owners } }, { fields: ['code', 'sourceNo'] });
    const units = await em.find(UnitOfMeasureSchema, { code: { $in: codes } }, { fields: ['code'] });
    const knownCodes = new Set(units.map((u) => u.code));
    const couplings = await services.state.couplingsBy(UNIT_GROUP, 'business', groups.map((g) => g.code));
    const scheduleOf = new Map<string, string>();
    for (const group of groups) {
      const id = couplings.get(group.code)?.integrationId;
      if (id) scheduleOf.set(group.sourceNo, id);
    }
    const scheduleIds = [...new Set(scheduleOf.values())];
    const crmUnits = scheduleIds.length
      ? await services.stores.integration.findByValues('uom', { candidates: scheduleIds.map((id) => ({ _uomscheduleid_value: id })) })
      : [];
    const unitsOf = new Map<unknown, Row[]>();
    for (const unit of crmUnits) unitsOf.set(unit.values._uomscheduleid_value, [...(unitsOf.get(unit.values._uomscheduleid_value) ?? []), unit]);
    const result = new Map<string, RecordUnitContext>();
    for (const row of rows) {
      const scheduleId = scheduleOf.get(String(row.values[this.source.ownerField]));
      const inGroup = (scheduleId && unitsOf.get(scheduleId)) || [];
      const base = inGroup.find((u) => u.values.isschedulebaseuom === true);
      const existingUnit = inGroup.find((u) => u.values.name === row.values.code);
      result.set(row.id, {
        unitExists: knownCodes.has(String(row.values.code)),
        ...(scheduleId ? { scheduleId } : {}),
        ...(base ? { baseUnitId: base.id } : {}),
        ...(existingUnit ? { existingUnit } : {}),
      });
    }
    return result;
  }
}
