import type { TableMappingDefinition } from '@tandem/core';

export const CAMPAIGN = 'CAMPAIGN';
export const CAMPAIGN_TYPE = 'CAMPAIGN TYPE';

/** ERP campaign type codes ↔ the CRM's `typecode` choices (values of the `campaign` table definition). */
export const campaignTypeOptions = [
  { business: 'ADVERT', integration: 1, label: 'Advertisement' },
  { business: 'MAIL', integration: 2, label: 'Direct Marketing' },
  { business: 'EVENT', integration: 3, label: 'Event' },
  { business: 'COBRAND', integration: 4, label: 'Co-branding' },
  { business: 'OTHER', integration: 5, label: 'Other' },
];

/**
 * Campaign ↔ CRM campaign, both ways. The ERP number becomes the CRM "Campaign Code"; the name is the match field,
 * so a full sync couples a campaign both sides already have instead of creating it twice. Unlike the shipped
 * mappings (BC's "synch. only coupled records"), regular runs create new campaigns on the other side too: marketing
 * plans campaigns in either system.
 */
export const campaignMapping: TableMappingDefinition = {
  name: CAMPAIGN,
  businessTable: 'Campaign',
  integrationTable: 'campaign',
  direction: 'bidirectional',
  syncOnlyCoupled: false,
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'no', integration: 'codename', direction: 'toIntegration' },
    { business: 'description', integration: 'name', match: {} },
    { business: 'typeCode', integration: 'typecode', optionSet: CAMPAIGN_TYPE },
    { business: 'startingDate', integration: 'proposedstart' },
    { business: 'endingDate', integration: 'proposedend' },
    { business: 'budgetedCost', integration: 'budgetedcost' },
    { business: 'notes', integration: 'description' },
  ],
};
