import { valuesEqual, type FieldMapping, type Host, type Row, type TableMapping } from '@tandem/core';
import { table, type Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { RegisterCommand } from './CommandContext';
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
  /** How the values were compared: as they are, through an option set, or through a reference's coupling. */
  via: 'value' | 'option' | 'reference' | 'transform' | 'constant';
}

/**
 * `tandem compare <mapping> <businessId> [integrationId]` (the seed's coupling page): the mapped fields of both
 * records side by side, the differences marked. The CRM id defaults to the coupled record. Option-set values are
 * translated through the option mappings and references through their couplings before comparing; a transformed
 * field is compared as stored (marked `~` when it differs).
 */
export async function compareCommand(host: Host, name: string, businessId: string, integrationId: string | undefined, options: { json?: boolean }, output: Output): Promise<void> {
  const mapping = mappingArg(host, name);
  const otherId = integrationId ?? (await host.state.findCoupling(mapping.name, 'business', businessId))?.integrationId;
  if (!otherId) throw RecordErrors.notCoupled(mapping.name, businessId, 'name the CRM record to compare it with: tandem compare <mapping> <businessId> <integrationId>');
  const [business] = await host.stores.business.getByIds(mapping.businessTable, [businessId]);
  if (!business) throw RecordErrors.notFound(mapping.businessTable, businessId);
  const [integration] = await host.stores.integration.getByIds(mapping.integrationTable, [otherId]);
  if (!integration) throw RecordErrors.notFound(mapping.integrationTable, otherId);
  const fields: ComparedField[] = [];
  for (const field of mapping.fields.filter((f) => f.enabled !== false)) fields.push(await compareField(host, mapping, field, business, integration));
  const differing = fields.filter((f) => f.same === false).length;
  if (options.json) return output.json({ mapping: mapping.name, businessId, integrationId: otherId, differing, fields });
  output.line(`${mapping.name}: ERP ${mapping.businessTable} ${businessId}  ⇄  CRM ${mapping.integrationTable} ${otherId}`);
  output.line(
    table(
      ['', 'ERP FIELD', 'ERP VALUE', 'DIR', 'CRM VALUE', 'CRM FIELD'],
      fields.map((f) => [
        f.same === null ? ' ' : f.same ? '=' : f.via === 'transform' ? '~' : '≠', f.businessField ?? '(constant)', displayValue(f.businessValue), f.direction,
        displayValue(f.integrationValue), f.integrationField ?? '(constant)',
      ]),
    ),
  );
  output.line(differing === 0 ? 'no differences' : `${differing} field(s) differ`);
}

async function compareField(host: Host, mapping: TableMapping, field: FieldMapping, business: Row, integration: Row): Promise<ComparedField> {
  const direction = field.direction ?? mapping.direction;
  const arrow = direction === 'toIntegration' ? '→' : direction === 'fromIntegration' ? '←' : '⇄';
  const base = { businessField: field.business ?? null, integrationField: field.integration ?? null, direction: arrow };
  const businessValue = field.business ? business.values[field.business] : field.constant;
  const integrationValue = field.integration ? integration.values[field.integration] : field.constant;
  if (!field.business || !field.integration) return { ...base, businessValue, integrationValue, same: null, via: 'constant' };
  let expected: unknown = businessValue;
  let via: ComparedField['via'] = 'value';
  if (field.optionSet && businessValue !== null && businessValue !== undefined && businessValue !== '') {
    via = 'option';
    expected = (await host.options.list(field.optionSet)).find((o) => o.businessValue === String(businessValue))?.integrationValue ?? businessValue;
  } else if (field.reference?.mapping && businessValue !== null && businessValue !== undefined && businessValue !== '') {
    via = 'reference';
    expected = (await host.state.findCoupling(field.reference.mapping, 'business', String(businessValue)))?.integrationId ?? businessValue;
  } else if (field.transform) {
    via = 'transform';
  }
  return { ...base, businessValue, integrationValue, same: valuesEqual(expected, integrationValue), via };
}

export const registerCompare: RegisterCommand = (program, { withHost, output }) => {
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
