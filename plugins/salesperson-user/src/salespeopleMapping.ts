import type { TableMappingDefinition } from '@tandem/core';
import { SALESPEOPLE } from './constants';

/**
 * BC's SALESPEOPLE mapping (CDS Setup Defaults): Salesperson/Purchaser ← CRM systemuser. Only coupled users are
 * synchronized by regular runs; a full sync (or `syncRecord`) creates salespeople for the users not coupled yet.
 * The integration filter keeps disabled, unlicensed and integration users (the application user Tandem signs in
 * as) out. Codes of new salespeople come from `assignSalespersonCode`.
 */
export const salespeopleMapping: TableMappingDefinition = {
  name: SALESPEOPLE,
  businessTable: 'Salesperson',
  integrationTable: 'systemuser',
  direction: 'fromIntegration',
  syncOnlyCoupled: true,
  integrationFilter: { isdisabled: false, islicensed: true, isintegrationuser: false },
  // 30 minutes, 1440 minutes of inactivity (BC's job queue entry for SALESPEOPLE).
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 1440 * 60 },
  fields: [
    { business: 'email', integration: 'internalemailaddress' },
    // Salesperson.name holds 50 characters, a CRM full name up to 200: the name is cut to fit, not refused.
    { business: 'name', integration: 'fullname', transform: [{ rule: 'substring', start: 1, length: 50 }] },
    { business: 'phoneNo', integration: 'mobilephone' },
  ],
};
