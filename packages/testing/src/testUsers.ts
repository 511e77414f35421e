import type { EmulatorUser } from '@tandem/dataverse-emulator';

/** The CRM person whose edits the tests make (`crmUsers[0]`, so `pair.crm` writes as this person). */
export const CRM_PERSON: EmulatorUser = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };

/** A CRM seller the plugin tests couple to salesperson SP1, so owners can be checked. */
export const SELLER: EmulatorUser = { userId: '5e11e500-0000-4000-8000-000000000001', fullName: 'Sam Seller' };
