/** The plugin's name (also its tap name). */
export const PLUGIN_NAME = 'OpportunityPlugin';

/** The mapping Opportunity ↔ CRM opportunity (BC's OPPORTUNITY). */
export const OPPORTUNITY = 'OPPORTUNITY';

/** The ERP statuses that are synchronized (BC's table filter Status = Not Started|In Progress). */
export const OPEN_STATUSES = ['Not Started', 'In Progress'] as const;

/** opportunity.statecode 0 = Open. */
export const CRM_OPPORTUNITY_OPEN = 0;

/** The status of an ERP opportunity made from an open CRM opportunity. */
export const NEW_OPPORTUNITY_STATUS = 'In Progress';
