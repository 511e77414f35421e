import type { TableMappingDefinition } from '@tandem/core';
import { CONTACT } from '@tandem/plugin-contact';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import { CRM_OPPORTUNITY_OPEN, NEW_OPPORTUNITY_STATUS, OPEN_STATUSES, OPPORTUNITY } from './constants';

/**
 * BC's OPPORTUNITY mapping (CRM Setup Defaults, reference §5.2): Opportunity ↔ CRM opportunity, both ways, and —
 * unlike the master-data mappings — not only coupled records: a regular run creates the counterpart of every new open
 * opportunity (SynchOnlyCoupled = false).
 *
 * - ERP side: open opportunities (Status Not Started or In Progress).
 * - CRM side: open opportunities (statecode Open). BC sets no CRM filter; without one a won or lost CRM opportunity
 *   would become an open ERP one, so the CRM filter mirrors the ERP's.
 * - The account (`parentaccountid`) is not a field mapping: rule `accountFromCompany` derives it from the contact's
 *   company (company contact → customer → account), as the contact plugin does.
 */
export const opportunityMapping: TableMappingDefinition = {
  name: OPPORTUNITY,
  businessTable: 'Opportunity',
  integrationTable: 'opportunity',
  direction: 'bidirectional',
  syncOnlyCoupled: false,
  businessFilter: { status: { $in: [...OPEN_STATUSES] } },
  integrationFilter: { statecode: CRM_OPPORTUNITY_OPEN },
  dependsOn: [CONTACT],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'description', integration: 'name' },
    // A person is coupled in CONTACT; the company itself is not, and then no CRM contact is written (the account is).
    { business: 'contactNo', integration: 'parentcontactid', direction: 'toIntegration', reference: { mapping: CONTACT }, clearValueOnFailedSync: true },
    { business: 'salespersonCode', integration: 'ownerid', direction: 'toIntegration', reference: { mapping: SALESPEOPLE }, notNull: true },
    { business: 'estimatedValueLcy', integration: 'estimatedvalue', direction: 'toIntegration' },
    { business: 'estimatedClosingDate', integration: 'estimatedclosedate', direction: 'toIntegration' },
  ],
  templates: {
    // An opportunity made from an open CRM opportunity is in progress. The estimated value (one way, ERP → CRM) is
    // written as the column's default, so that the coupling remembers it and the next run does not see a change.
    business: [{ name: 'CRM-OPPORTUNITY', values: { status: NEW_OPPORTUNITY_STATUS, estimatedValueLcy: '0' } }],
  },
};
