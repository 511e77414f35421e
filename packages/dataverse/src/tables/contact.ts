import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { address1Columns } from './addressColumns';
import { activeInactiveState, customer, memo, picklist, primaryKey, readOnly, text } from './columnBuilders';
import { auditColumns, currencyColumns, ownerColumns } from './commonColumns';
import { defineTable } from './defineTable';
import { paymentTermsOptions, preferredContactMethodOptions } from './optionSets';

/** Contact: a person, on its own or under an account (`parentcustomerid`). */
export const contactTable: DataverseTableDefinition = defineTable({
  logicalName: 'contact',
  entitySetName: 'contacts',
  primaryIdAttribute: 'contactid',
  primaryNameAttribute: 'fullname',
  ownership: 'UserOwned',
  columns: [
    primaryKey('contactid'),
    // Computed by the server from first and last name.
    text('fullname', 160, readOnly),
    text('firstname', 50),
    text('middlename', 50),
    text('lastname', 50),
    text('jobtitle', 100),
    text('emailaddress1', 100),
    text('telephone1', 50),
    text('mobilephone', 50),
    text('fax', 50),
    text('pager', 50),
    text('websiteurl', 200),
    address1Columns(),
    customer('parentcustomerid'),
    picklist('paymenttermscode', paymentTermsOptions),
    picklist('preferredcontactmethodcode', preferredContactMethodOptions),
    memo('description', 2000),
    currencyColumns(),
    activeInactiveState(),
    auditColumns(),
    ownerColumns(),
  ],
});
