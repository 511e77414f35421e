import { randomUUID } from 'node:crypto';
import { injectable, isEmpty, SyncStage, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { CampaignSchema } from './Campaign';
import { CAMPAIGN, CAMPAIGN_TYPE, campaignMapping, campaignTypeOptions } from './campaignMapping';
import { campaignTable } from './campaignTable';
import { campaignErrors } from './errors';

export const PLUGIN_NAME = 'CampaignPlugin';

/**
 * A new entity pair as a plugin: the ERP `Campaign` (an entity of this plugin) ↔ the CRM `campaign` (its table
 * definition produced by the table generator). Everything about the pair lives here: entity, table, option
 * mappings, the mapping and its rules.
 */
@injectable()
export class CampaignPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN];

  register(registry: PluginRegistry): void {
    registry.addEntities(CampaignSchema);
    registry.addIntegrationTable(campaignTable);
    registry.addOptionMappings(CAMPAIGN_TYPE, campaignTypeOptions);
    registry.addMapping(campaignMapping);

    // Campaign templates are a CRM tool, not campaigns: never read them.
    registry.hooks.onQueryPostFilter.for(CAMPAIGN).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (ctx) =>
      ctx.direction === 'fromIntegration' && ctx.source.values.istemplate === true ? true : undefined,
    );

    // A campaign that ends before it starts is refused on either side; the others of the page go on.
    registry.hooks.onBeforeTransform.for(CAMPAIGN).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (ctx) => {
      const [startField, endField, side] = ctx.direction === 'toIntegration'
        ? (['startingDate', 'endingDate', 'ERP campaign'] as const)
        : (['proposedstart', 'proposedend', 'CRM campaign'] as const);
      const start = dateOf(ctx.source.values[startField]);
      const end = dateOf(ctx.source.values[endField]);
      if (start && end && end < start) throw campaignErrors.datesInvalid(side, String(ctx.source.id), start, end);
    });

    // A new ERP campaign made from a CRM one: its number is the CRM campaign code when there is one, and it gets its
    // systemId here (the engine's batch inserts bypass MikroORM's onCreate; ErpPlugin only does this for its own tables).
    registry.hooks.onBeforeInsert.for(CAMPAIGN).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, (ctx) => {
      if (ctx.direction !== 'fromIntegration') return;
      const code = ctx.source.values.codename;
      ctx.values.no ??= isEmpty(code) ? `CRM-${String(ctx.source.id).slice(0, 8).toUpperCase()}` : String(code).slice(0, 20);
      ctx.values.systemId ??= randomUUID();
    });
  }
}

/** `YYYY-MM-DD` of a date-only value (text or Date), or undefined. */
function dateOf(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
