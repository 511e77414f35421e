import { passesOf, valuesEqual, type FieldMapping, type Host, type PlannedRecord, type Row, type SyncDirection, type TableMapping } from '@tandem/core';
import { table, type Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';
import { displayValue } from './displayValue';
import { RecordErrors } from './recordErrors';

export interface ComparedField {
  businessField: string | null;
  integrationField: string | null;
  direction: string;
  businessValue: unknown;
  integrationValue: unknown;
  /** `true`/`false` when both sides are compared; `null` for a constant (one side only). */
  same: boolean | null;
  /** How: by what a sync would write (`sync`), by the stored values when that could not be planned (`value`). */
  via: 'sync' | 'value' | 'constant';
  /** What a sync would write, per direction, when it would write this field. */
  wouldWrite?: Partial<Record<SyncDirection, unknown>>;
}

/**
 * `tandem compare <mapping> <businessId> [integrationId]` (the seed's coupling page): the mapped fields of both
 * records side by side, the differences marked. The CRM id defaults to the coupled record. A field differs when a
 * forced sync of the pair (`engine.dryRunRecord`, nothing written) would write it in a direction the field runs: so
 * option sets, references, transforms and the plugins' rules count as a sync applies them. When the sync of a
 * direction would fail, its fields are compared as stored, and the reason is printed.
 */
export async function compareCommand(host: Host, name: string, businessId: string, integrationId: string | undefined, options: { json?: boolean }, output: Output): Promise<void> {
  const mapping = mappingArg(host, name);
  const otherId = integrationId ?? (await host.state.findCoupling(mapping.name, 'business', businessId))?.integrationId;
  if (!otherId) throw RecordErrors.notCoupled(mapping.name, businessId, 'name the CRM record to compare it with: tandem compare <mapping> <businessId> <integrationId>');
  const [business] = await host.stores.business.getByIds(mapping.businessTable, [businessId]);
  if (!business) throw RecordErrors.notFound(mapping.businessTable, businessId);
  const [integration] = await host.stores.integration.getByIds(mapping.integrationTable, [otherId]);
  if (!integration) throw RecordErrors.notFound(mapping.integrationTable, otherId);
  const plans = new Map<SyncDirection, PlannedRecord | undefined>();
  for (const direction of passesOf(mapping.direction)) plans.set(direction, await host.engine.dryRunRecord(mapping.name, { businessId, integrationId: otherId }, direction));
  const fields = mapping.fields.filter((f) => f.enabled !== false).map((f) => compareField(mapping, f, business, integration, plans));
  const differing = fields.filter((f) => f.same === false).length;
  const notes = [...plans].flatMap(([direction, plan]) =>
    !plan ? [`${direction}: a sync would pass this record over; compared as stored`]
      : plan.error ? [`${direction} would fail: ${plan.error.code ? `${plan.error.code}: ` : ''}${plan.error.message}`]
      : plan.action === 'skip' ? [`${direction}: the record is skipped (restore it first); compared as stored`] : []);
  if (options.json) return output.json({ mapping: mapping.name, businessId, integrationId: otherId, differing, fields, notes });
  output.line(`${mapping.name}: ERP ${mapping.businessTable} ${businessId}  ⇄  CRM ${mapping.integrationTable} ${otherId}`);
  output.line(
    table(
      ['', 'ERP FIELD', 'ERP VALUE', 'DIR', 'CRM VALUE', 'CRM FIELD'],
      fields.map((f) => [
        f.same === null ? ' ' : f.same ? '=' : '≠', f.businessField ?? '(constant)', displayValue(f.businessValue), f.direction,
        displayValue(f.integrationValue), f.integrationField ?? '(constant)',
      ]),
    ),
  );
  for (const note of notes) output.line(`note: ${note}`);
  output.line(differing === 0 ? 'no differences' : `${differing} field(s) differ`);
}

function compareField(mapping: TableMapping, field: FieldMapping, business: Row, integration: Row, plans: Map<SyncDirection, PlannedRecord | undefined>): ComparedField {
  const direction = field.direction ?? mapping.direction;
  const arrow = direction === 'toIntegration' ? '→' : direction === 'fromIntegration' ? '←' : '⇄';
  const base = { businessField: field.business ?? null, integrationField: field.integration ?? null, direction: arrow };
  const businessValue = field.business ? business.values[field.business] : field.constant;
  const integrationValue = field.integration ? integration.values[field.integration] : field.constant;
  if (!field.business || !field.integration) return { ...base, businessValue, integrationValue, same: null, via: 'constant' };
  const wouldWrite: Partial<Record<SyncDirection, unknown>> = {};
  let planned = true;
  for (const pass of passesOf(direction)) {
    const plan = plans.get(pass);
    if (!plan || plan.error || plan.action === 'skip') {
      planned = false;
      continue;
    }
    const written = pass === 'toIntegration' ? field.integration : field.business;
    if (plan.values && written in plan.values) wouldWrite[pass] = plan.values[written];
  }
  if (!planned) return { ...base, businessValue, integrationValue, same: valuesEqual(businessValue, integrationValue), via: 'value' };
  const same = Object.keys(wouldWrite).length === 0;
  return { ...base, businessValue, integrationValue, same, via: 'sync', ...(same ? {} : { wouldWrite }) };
}

export const registerCompare: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('compare')
    .description('the mapped fields of an ERP record and its CRM record side by side, differences marked')
    .argument('<mapping>', 'the mapping')
    .argument('<businessId>', 'the ERP record id')
    .argument('[integrationId]', 'the CRM record id (default: the coupled one)')
    .option('--json', 'print JSON')
    .action((name: string, businessId: string, integrationId: string | undefined, options: { json?: boolean }) =>
      withHost((host) => compareCommand(host, name, businessId, integrationId, options, output)));
};
