import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { boolean, createOnly, lookup, picklist, primaryKey, readOnly, text, uniqueidentifier } from './columnBuilders';
import { auditColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * User: the CRM side of an ERP salesperson, and the integration identity itself. No statecode/statuscode; `isdisabled`
 * says whether the user can sign in. The integration identity is an application user: `applicationid` set,
 * `accessmode` 4 (Non-interactive), `islicensed` false. Its EntityType key is `ownerid` (inherited from `principal`), so address rows as
 * `systemusers(<guid>)`, never `systemusers(systemuserid=<guid>)`.
 */
export const systemuserTable: DataverseTableDefinition = defineTable({
  logicalName: 'systemuser',
  entitySetName: 'systemusers',
  primaryIdAttribute: 'systemuserid',
  primaryNameAttribute: 'fullname',
  ownership: 'BusinessOwned',
  columns: [
    primaryKey('systemuserid'),
    text('fullname', 200, readOnly),
    text('firstname', 256),
    text('lastname', 256),
    // The user principal name.
    text('domainname', 1024),
    text('internalemailaddress', 100),
    text('title', 128),
    text('mobilephone', 64),
    // Set by the server (user disabled in Entra ID or here); not writable through the Web API.
    boolean('isdisabled', readOnly),
    // Whether the user holds a license; application users never do.
    boolean('islicensed'),
    // "Integration user mode": the connection setup sets it on the integration identity.
    boolean('isintegrationuser'),
    lookup('businessunitid', 'businessunit'),
    // Set on application users (the integration identity).
    uniqueidentifier('applicationid'),
    uniqueidentifier('azureactivedirectoryobjectid', createOnly),
    picklist('accessmode', {
      0: 'Read-Write',
      1: 'Administrative',
      2: 'Read',
      3: 'Support User',
      4: 'Non-interactive',
      5: 'Delegated Admin',
    }),
    auditColumns(),
  ],
});
