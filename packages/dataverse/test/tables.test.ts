import { describe, expect, it } from 'vitest';
import type { DataverseTableDefinition } from '../src/tables/index';
import {
  accountTable,
  column,
  columns,
  dataverseTables,
  defineTable,
  getDataverseTable,
  getEntitySetName,
  referencedOnlyEntitySets,
  TableDefinitionError,
  UnknownTableError,
} from '../src/tables/index';

const tables: [string, DataverseTableDefinition][] = Object.entries(dataverseTables);

// Entity sets, primary ids and names as the Web API reference lists them.
const expected: Record<string, [entitySet: string, id: string, name: string, ownership: string]> = {
  account: ['accounts', 'accountid', 'name', 'UserOwned'],
  contact: ['contacts', 'contactid', 'fullname', 'UserOwned'],
  systemuser: ['systemusers', 'systemuserid', 'fullname', 'BusinessOwned'],
  transactioncurrency: ['transactioncurrencies', 'transactioncurrencyid', 'currencyname', 'OrganizationOwned'],
  uom: ['uoms', 'uomid', 'name', 'None'],
  uomschedule: ['uomschedules', 'uomscheduleid', 'name', 'OrganizationOwned'],
  product: ['products', 'productid', 'name', 'OrganizationOwned'],
  pricelevel: ['pricelevels', 'pricelevelid', 'name', 'OrganizationOwned'],
  productpricelevel: ['productpricelevels', 'productpricelevelid', 'productidname', 'None'],
  salesorder: ['salesorders', 'salesorderid', 'name', 'UserOwned'],
  salesorderdetail: ['salesorderdetails', 'salesorderdetailid', 'salesorderdetailname', 'UserOwned'],
  invoice: ['invoices', 'invoiceid', 'name', 'UserOwned'],
  invoicedetail: ['invoicedetails', 'invoicedetailid', 'invoicedetailname', 'UserOwned'],
  opportunity: ['opportunities', 'opportunityid', 'name', 'UserOwned'],
  campaign: ['campaigns', 'campaignid', 'name', 'UserOwned'],
  annotation: ['annotations', 'annotationid', 'subject', 'UserOwned'],
  post: ['posts', 'postid', 'text', 'OrganizationOwned'],
  quote: ['quotes', 'quoteid', 'name', 'UserOwned'],
  quotedetail: ['quotedetails', 'quotedetailid', 'quotedetailname', 'UserOwned'],
  incident: ['incidents', 'incidentid', 'title', 'UserOwned'],
  nav_accountstatistics: ['nav_accountstatisticses', 'nav_accountstatisticsid', 'nav_name', 'OrganizationOwned'],
};

describe('shipped Dataverse table definitions', () => {
  it('ships exactly the tables the connector touches', () => {
    expect(Object.keys(dataverseTables).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(tables)('%s has the entity set, ids, name and ownership of the reference', (logicalName, table) => {
    const [entitySet, id, name, ownership] = expected[logicalName]!;
    expect(table.logicalName).toBe(logicalName);
    expect(table.name).toBe(logicalName);
    expect(table.entitySetName).toBe(entitySet);
    expect(table.primaryIdAttribute).toBe(id);
    expect(table.idField).toBe(id);
    expect(table.primaryNameAttribute).toBe(name);
    expect(table.nameField).toBe(name);
    expect(table.ownership).toBe(ownership);
    expect(table.modifiedOnField).toBe('modifiedon');
    expect(table.modifiedByField).toBe('_modifiedby_value');
    expect(table.idGenerated).toBe(false);
  });

  it.each(tables)('%s has its id, name, created/modified columns', (_logicalName, table) => {
    const f = table.fields;
    expect(f[table.idField]).toMatchObject({ attributeType: 'Uniqueidentifier', type: 'uuid', validForCreate: true, validForUpdate: false });
    expect(['String', 'Memo']).toContain(f[table.primaryNameAttribute]?.attributeType);
    for (const stamp of ['createdon', 'modifiedon']) expect(f[stamp]).toMatchObject({ attributeType: 'DateTime', readOnly: true });
    for (const by of ['_createdby_value', '_modifiedby_value']) {
      expect(f[by]).toMatchObject({ attributeType: 'Lookup', references: 'systemuser', readOnly: true });
    }
  });

  it.each(tables)('%s keys every column by its name, without duplicates', (_logicalName, table) => {
    for (const [key, col] of Object.entries(table.fields)) {
      expect(col.name).toBe(key);
      const isLookup = ['Lookup', 'Owner', 'Customer'].includes(col.attributeType);
      expect(col.name).toBe(isLookup ? `_${col.logicalName}_value` : col.logicalName);
    }
    const logicalNames = Object.values(table.fields).map((col) => col.logicalName);
    expect(new Set(logicalNames).size).toBe(logicalNames.length);
  });

  it.each(tables)('%s has owner columns exactly when user-owned', (_logicalName, table) => {
    const ownerCol = table.fields['_ownerid_value'];
    if (table.ownership === 'UserOwned') {
      expect(ownerCol).toMatchObject({ attributeType: 'Owner', requiredLevel: 'SystemRequired' });
      expect(ownerCol?.targets).toEqual([
        { table: 'systemuser', navigationProperty: 'ownerid' },
        { table: 'team', navigationProperty: 'ownerid' },
      ]);
    } else {
      expect(ownerCol).toBeUndefined();
    }
  });

  it.each(tables)('%s: every lookup targets a defined or known table, with a navigation property', (_logicalName, table) => {
    for (const col of Object.values(table.fields)) {
      if (col.type !== 'lookup') {
        expect(col.targets, col.name).toBeUndefined();
        continue;
      }
      expect(col.targets?.length, col.name).toBeGreaterThan(0);
      for (const target of col.targets!) {
        const known = target.table in dataverseTables || target.table in referencedOnlyEntitySets;
        expect(known, `${table.logicalName}.${col.name} → ${target.table}`).toBe(true);
        expect(target.navigationProperty).toMatch(new RegExp(`^${col.logicalName}(_${target.table})?$`));
      }
      expect(col.references).toBe(col.targets!.length === 1 ? col.targets![0]!.table : undefined);
    }
  });

  it.each(tables)('%s: every choice column has options with unique values and labels', (_logicalName, table) => {
    for (const col of Object.values(table.fields)) {
      if (col.type !== 'option') {
        expect(col.options, col.name).toBeUndefined();
        continue;
      }
      expect(col.options?.length, col.name).toBeGreaterThan(0);
      const values = col.options!.map((o) => o.value);
      expect(new Set(values).size).toBe(values.length);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      for (const option of col.options!) expect(option.label.trim()).not.toBe('');
    }
  });

  it.each(tables)('%s: state defaults and status states agree', (_logicalName, table) => {
    const state = table.fields['statecode'];
    const status = table.fields['statuscode'];
    expect(state === undefined).toBe(status === undefined);
    if (!state || !status) return;
    const stateValues = new Set(state.options!.map((o) => o.value));
    const statusByValue = new Map(status.options!.map((o) => [o.value, o]));
    for (const s of state.options!) {
      expect(statusByValue.get(s.defaultStatus!)?.state, `default status of state ${s.value}`).toBe(s.value);
    }
    for (const s of status.options!) expect(stateValues.has(s.state!), `state of status ${s.value}`).toBe(true);
    expect(state.validForCreate).toBe(false);
  });

  it.each(tables)('%s: String and Memo columns have a max length; the core flags follow the metadata', (_logicalName, table) => {
    for (const col of Object.values(table.fields)) {
      if (col.attributeType === 'String' || col.attributeType === 'Memo') expect(col.maxLength, col.name).toBeGreaterThan(0);
      expect(col.readOnly).toBe(!col.validForCreate && !col.validForUpdate);
      expect(col.nullable).toBe(col.requiredLevel !== 'SystemRequired');
    }
  });
});

describe('columns the entity plugins map', () => {
  const has = (table: string, ...names: string[]): void => {
    const fields = getDataverseTable(table).fields;
    for (const n of names) expect(fields[n], `${table}.${n}`).toBeDefined();
  };

  it('account', () => {
    has('account', 'name', 'accountnumber', 'telephone1', 'telephone2', 'fax', 'emailaddress1', 'emailaddress2', 'emailaddress3',
      'websiteurl', 'address1_line1', 'address1_line2', 'address1_line3', 'address1_city', 'address1_country',
      'address1_postalcode', 'address1_stateorprovince', 'address1_county', 'address1_name', 'address1_telephone1',
      'address1_latitude', 'address1_longitude', 'creditlimit', 'creditonhold', 'revenue', 'numberofemployees', 'description',
      '_parentaccountid_value', '_primarycontactid_value', '_defaultpricelevelid_value', '_transactioncurrencyid_value',
      'customertypecode', 'paymenttermscode', 'accountcategorycode', 'industrycode', 'address1_addresstypecode',
      'address1_shippingmethodcode', 'address1_freighttermscode', 'ownershipcode', 'preferredcontactmethodcode',
      'address1_primarycontactname', '_ownerid_value', 'statecode', 'statuscode');
    const f = accountTable.fields;
    expect(f['creditlimit']).toMatchObject({ attributeType: 'Money', precision: 2 });
    expect(f['address1_freighttermscode']?.options).toEqual([
      { value: 1, label: 'FOB' },
      { value: 2, label: 'No Charge' },
    ]);
    expect(f['address1_primarycontactname']).toMatchObject({ attributeType: 'String', maxLength: 100 });
    expect(f['_transactioncurrencyid_value']).toMatchObject({ references: 'transactioncurrency', validForCreate: true, validForUpdate: true });
    expect(f['name']).toMatchObject({ maxLength: 160, requiredLevel: 'ApplicationRequired', type: 'string' });
    expect(f['accountnumber']?.maxLength).toBe(20);
    expect(f['customertypecode']?.options).toContainEqual({ value: 3, label: 'Customer' });
    expect(f['paymenttermscode']?.options).toEqual([
      { value: 1, label: 'Net 30' },
      { value: 2, label: '2% 10, Net 30' },
      { value: 3, label: 'Net 45' },
      { value: 4, label: 'Net 60' },
    ]);
    expect(f['address1_shippingmethodcode']?.options?.map((o) => o.label)).toEqual([
      'Airborne', 'DHL', 'FedEx', 'UPS', 'Postal Mail', 'Full Load', 'Will Call',
    ]);
    expect(f['industrycode']?.options).toHaveLength(33);
    expect(f['statecode']?.options).toEqual([
      { value: 0, label: 'Active', defaultStatus: 1 },
      { value: 1, label: 'Inactive', defaultStatus: 2 },
    ]);
    expect(f['_parentaccountid_value']).toMatchObject({ logicalName: 'parentaccountid', references: 'account' });
  });

  it('contact', () => {
    has('contact', 'firstname', 'middlename', 'lastname', 'fax', 'pager', 'websiteurl', 'fullname', 'emailaddress1', 'telephone1', 'mobilephone', 'jobtitle',
      'address1_line1', 'address1_city', '_parentcustomerid_value', 'paymenttermscode', 'statecode', 'statuscode');
    expect(getDataverseTable('contact').fields['fullname']?.readOnly).toBe(true);
    expect(getDataverseTable('contact').fields['_parentcustomerid_value']).toMatchObject({
      attributeType: 'Customer',
      targets: [
        { table: 'account', navigationProperty: 'parentcustomerid_account' },
        { table: 'contact', navigationProperty: 'parentcustomerid_contact' },
      ],
    });
  });

  it('quote, quotedetail and incident', () => {
    has('quote', 'name', 'quotenumber', 'revisionnumber', '_customerid_value', '_opportunityid_value', '_pricelevelid_value',
      '_transactioncurrencyid_value', 'effectivefrom', 'effectiveto', 'expireson', 'closedon', 'totalamount', 'discountamount',
      'paymenttermscode', 'shipto_line1', 'billto_city', 'statecode', 'statuscode', '_ownerid_value');
    const quote = getDataverseTable('quote').fields;
    expect(quote['effectiveto']).toMatchObject({ attributeType: 'DateTime', dateTimeFormat: 'DateOnly' });
    expect(quote['revisionnumber']?.readOnly).toBe(true);
    expect(quote['statuscode']?.options?.find((o) => o.value === 7)).toMatchObject({ label: 'Revised', state: 3 });
    expect(quote['_customerid_value']?.targets?.map((t) => t.table)).toEqual(['account', 'contact']);
    has('quotedetail', 'quotedetailname', '_quoteid_value', '_productid_value', '_uomid_value', 'quantity', 'priceperunit', 'isproductoverridden',
      'productdescription', 'manualdiscountamount', 'extendedamount', 'quotestatecode', '_parentbundleidref_value');
    expect(getDataverseTable('quotedetail').fields['_quoteid_value']).toMatchObject({ validForUpdate: false });
    has('incident', 'title', 'ticketnumber', '_customerid_value', '_primarycontactid_value', '_productid_value', 'description', 'prioritycode',
      'caseorigincode', 'casetypecode', 'followupby', 'statecode', 'statuscode', '_ownerid_value');
    expect(getDataverseTable('incident').fields['statecode']?.options?.map((o) => o.label)).toEqual(['Active', 'Resolved', 'Canceled']);
    // The entity sets other tables' lookups bind to are shipped tables now, no longer referenced-only.
    expect(getEntitySetName('quote')).toBe('quotes');
    expect(Object.keys(referencedOnlyEntitySets)).not.toContain('quote');
  });

  it('systemuser', () => {
    has('systemuser', 'fullname', 'firstname', 'lastname', 'domainname', 'internalemailaddress', 'isdisabled',
      '_businessunitid_value', 'applicationid', 'azureactivedirectoryobjectid', 'accessmode', 'islicensed', 'isintegrationuser',
      'mobilephone');
    const f = getDataverseTable('systemuser').fields;
    expect(f['isdisabled']).toMatchObject({ attributeType: 'Boolean', readOnly: true });
    expect(f['islicensed']).toMatchObject({ attributeType: 'Boolean', validForCreate: true, validForUpdate: true });
    expect(f['isintegrationuser']).toMatchObject({ attributeType: 'Boolean', validForUpdate: true });
    expect(f['applicationid']).toMatchObject({ attributeType: 'Uniqueidentifier' });
    expect(f['fullname']).toMatchObject({ readOnly: true });
    expect(getDataverseTable('systemuser').fields['statecode']).toBeUndefined();
    expect(getDataverseTable('systemuser').fields['accessmode']?.options).toContainEqual({ value: 4, label: 'Non-interactive' });
  });

  it('product', () => {
    has('product', 'productnumber', 'name', 'productstructure', 'producttypecode', 'quantitydecimal',
      '_defaultuomscheduleid_value', '_defaultuomid_value', '_pricelevelid_value', 'price', 'standardcost', 'currentcost',
      'quantityonhand', 'stockweight', 'stockvolume', 'description', 'vendorname', 'vendorpartnumber', 'suppliername',
      'validfromdate', 'validtodate', '_parentproductid_value', '_transactioncurrencyid_value', 'isstockitem', 'iskit', 'vendorid');
    const f = getDataverseTable('product').fields;
    expect(f['productnumber']).toMatchObject({ maxLength: 100, requiredLevel: 'SystemRequired' });
    expect(f['_pricelevelid_value']).toMatchObject({ validForCreate: false, validForUpdate: true });
    expect(f['price']).toMatchObject({ attributeType: 'Money', precision: 2, type: 'decimal' });
    expect(f['statecode']?.options).toContainEqual({ value: 2, label: 'Draft', defaultStatus: 0 });
    expect(f['statuscode']?.options).toContainEqual({ value: 0, label: 'Draft', state: 2 });
    expect(f['producttypecode']?.options).toEqual([
      { value: 1, label: 'Sales Inventory' },
      { value: 2, label: 'Miscellaneous Charges' },
      { value: 3, label: 'Services' },
      { value: 4, label: 'Flat Fees' },
    ]);
    expect(f['statecode']?.options?.map((o) => o.label)).toEqual(['Active', 'Retired', 'Draft', 'Under Revision']);
  });

  it('units, currency and price lists', () => {
    has('uom', 'name', 'quantity', 'isschedulebaseuom', '_uomscheduleid_value', '_baseuom_value');
    has('uomschedule', 'name', 'baseuomname', 'statecode', 'statuscode');
    has('transactioncurrency', 'currencyname', 'isocurrencycode', 'currencysymbol', 'exchangerate', 'currencyprecision');
    has('pricelevel', 'name', 'begindate', 'enddate', '_transactioncurrencyid_value', 'description');
    has('productpricelevel', '_pricelevelid_value', '_productid_value', '_uomid_value', '_uomscheduleid_value',
      '_transactioncurrencyid_value', 'amount', 'pricingmethodcode', 'quantitysellingcode', 'roundingpolicycode', 'roundingoptioncode');
    expect(getDataverseTable('pricelevel').fields['statuscode']?.options).toEqual([
      { value: 100001, label: 'Active', state: 0 },
      { value: 100002, label: 'Inactive', state: 1 },
    ]);
    expect(getDataverseTable('uom').fields['statecode']).toBeUndefined();
    expect(getDataverseTable('transactioncurrency').fields['exchangerate']).toMatchObject({
      attributeType: 'Decimal', precision: 10, requiredLevel: 'SystemRequired',
    });
    expect(getDataverseTable('transactioncurrency').fields['isocurrencycode']).toMatchObject({ validForCreate: true, validForUpdate: false });
    expect(getDataverseTable('uomschedule').fields['baseuomname']).toMatchObject({ requiredLevel: 'SystemRequired', maxLength: 100 });
    expect(getDataverseTable('uom').fields['_baseuom_value']).toMatchObject({ references: 'uom' });
    expect(getDataverseTable('productpricelevel').fields['pricingmethodcode']?.options).toContainEqual({ value: 1, label: 'Currency Amount' });
  });

  it('salesorder', () => {
    has('salesorder', 'name', 'ordernumber', '_customerid_value', '_pricelevelid_value', '_transactioncurrencyid_value',
      '_opportunityid_value', '_quoteid_value', 'requestdeliveryby', 'datefulfilled', 'submitdate', 'totalamount',
      'totalamountlessfreight', 'totaldiscountamount', 'totallineitemamount', 'totallineitemdiscountamount', 'totaltax',
      'discountamount', 'discountpercentage', 'freightamount', 'ispricelocked', 'paymenttermscode', 'shippingmethodcode',
      'freighttermscode', 'willcall', 'description', 'shipto_name', 'shipto_line1', 'shipto_line2', 'shipto_line3',
      'shipto_city', 'shipto_stateorprovince', 'shipto_postalcode', 'shipto_country', 'shipto_telephone', 'shipto_fax',
      'shipto_contactname', 'shipto_freighttermscode', 'billto_name', 'billto_line1', 'billto_city', 'billto_postalcode');
    const f = getDataverseTable('salesorder').fields;
    expect(f['totalamount']).toMatchObject({ validForCreate: false, readOnly: true });
    expect(f['_transactioncurrencyid_value']).toMatchObject({ validForCreate: true, validForUpdate: false });
    expect(f['_customerid_value']?.targets?.map((t) => t.navigationProperty)).toEqual(['customerid_account', 'customerid_contact']);
    expect(f['statuscode']?.options).toContainEqual({ value: 100003, label: 'Invoiced', state: 4 });
    expect(f['shipto_contactname']?.maxLength).toBe(150);
    // The ERP's "transferred" mark.
    expect(f['lastbackofficesubmit']).toMatchObject({ attributeType: 'DateTime', dateTimeFormat: 'DateOnly', validForUpdate: true });
    expect(f['ordernumber']).toMatchObject({ validForCreate: true, validForUpdate: false });
    expect(f['statecode']?.options).toContainEqual({ value: 4, label: 'Invoiced', defaultStatus: 100003 });
    expect(f['statecode']?.options).toContainEqual({ value: 1, label: 'Submitted', defaultStatus: 3 });
  });

  it('post (the wall of a record)', () => {
    has('post', 'postid', 'text', 'largetext', 'source', 'type', '_regardingobjectid_value', 'regardingobjecttypecode', 'createdon');
    const f = getDataverseTable('post').fields;
    expect(f['_regardingobjectid_value']).toMatchObject({ attributeType: 'Lookup', requiredLevel: 'SystemRequired', validForUpdate: false });
    expect(f['_regardingobjectid_value']?.targets).toContainEqual({ table: 'account', navigationProperty: 'regardingobjectid_account' });
    expect(f['source']?.options).toEqual([
      { value: 1, label: 'Auto Post' },
      { value: 2, label: 'Manual Post' },
      { value: 3, label: 'ActionHub Post' },
    ]);
    expect(f['type']?.options).toHaveLength(7);
    // Posts are never updated: nothing is valid for update.
    expect(Object.values(f).filter((c) => c.validForUpdate)).toEqual([]);
    expect(f['_ownerid_value']).toBeUndefined();
  });

  it('order and invoice lines, invoice, opportunity, note', () => {
    has('salesorderdetail', '_salesorderid_value', '_productid_value', '_uomid_value', 'quantity', 'priceperunit',
      'ispriceoverridden', 'isproductoverridden', 'productdescription', 'productname', 'manualdiscountamount', 'tax',
      'baseamount', 'extendedamount', 'volumediscountamount', 'lineitemnumber', 'sequencenumber', 'requestdeliveryby',
      'description', 'shipto_city', 'quantitybackordered', 'quantitycancelled', 'quantityshipped', 'producttypecode',
      '_parentbundleidref_value', '_quotedetailid_value', 'pricingerrorcode', 'salesorderispricelocked', 'salesorderstatecode',
      'productnumber');
    expect(getDataverseTable('salesorderdetail').fields['isproductoverridden']).toMatchObject({ validForUpdate: false });
    expect(getDataverseTable('salesorderdetail').fields['quantity']).toMatchObject({ precision: 5 });
    has('invoice', 'invoicenumber', 'name', '_customerid_value', '_salesorderid_value', '_pricelevelid_value',
      '_transactioncurrencyid_value', 'totalamount', 'duedate', 'datedelivered', 'paymenttermscode', 'willcall');
    has('invoicedetail', '_invoiceid_value', '_productid_value', '_uomid_value', 'quantity', 'priceperunit',
      'isproductoverridden', 'productdescription', '_salesorderdetailid_value', 'extendedamount');
    has('opportunity', 'name', '_customerid_value', '_parentaccountid_value', '_parentcontactid_value', '_pricelevelid_value',
      'estimatedvalue', 'estimatedclosedate', 'actualvalue', 'actualclosedate', 'closeprobability', 'opportunityratingcode');
    has('annotation', 'subject', 'notetext', 'isdocument', 'filename', 'mimetype', 'documentbody', 'filesize',
      '_objectid_value', 'objecttypecode');
    expect(getDataverseTable('annotation').fields['_objectid_value']?.targets).toContainEqual({
      table: 'salesorder',
      navigationProperty: 'objectid_salesorder',
    });
  });

  it('campaign: code, type, planned and actual dates, costs, and the statuses of its two states', () => {
    has('campaign', 'name', 'codename', 'typecode', 'promotioncodename', 'proposedstart', 'proposedend', 'actualstart',
      'actualend', 'budgetedcost', 'othercost', 'expectedrevenue', 'totalactualcost', 'expectedresponse', 'objective',
      'message', 'description', '_pricelistid_value', 'istemplate', '_transactioncurrencyid_value', '_ownerid_value');
    const f = getDataverseTable('campaign').fields;
    expect(f['name']).toMatchObject({ maxLength: 128, requiredLevel: 'ApplicationRequired' });
    expect(f['codename']).toMatchObject({ maxLength: 32 });
    expect(f['typecode']?.options?.map((o) => [o.value, o.label])).toEqual([[1, 'Advertisement'], [2, 'Direct Marketing'], [3, 'Event'], [4, 'Co-branding'], [5, 'Other']]);
    expect(f['proposedstart']).toMatchObject({ attributeType: 'DateTime', dateTimeFormat: 'DateOnly' });
    expect(f['budgetedcost']).toMatchObject({ attributeType: 'Money' });
    expect(f['totalactualcost']).toMatchObject({ readOnly: true });
    expect(f['statuscode']?.options?.filter((o) => o.state === 0).map((o) => o.label)).toEqual(['Proposed', 'Ready To Launch', 'Launched', 'Completed', 'Canceled', 'Suspended']);
    expect(f['statecode']?.options).toEqual([expect.objectContaining({ value: 0, label: 'Active', defaultStatus: 0 }), expect.objectContaining({ value: 1, label: 'Inactive', defaultStatus: 6 })]);
  });
});

describe('lookups by name', () => {
  it('returns a shipped table and names unknown ones', () => {
    expect(getDataverseTable('account')).toBe(accountTable);
    expect(() => getDataverseTable('acount')).toThrow(UnknownTableError);
    expect(() => getDataverseTable('acount')).toThrow(/Unknown Dataverse table 'acount'.*account/);
    // Not fooled by Object.prototype.
    expect(() => getDataverseTable('toString')).toThrow(UnknownTableError);
  });

  it('knows entity sets of referenced-only tables', () => {
    expect(getEntitySetName('team')).toBe('teams');
    expect(getEntitySetName('salesorder')).toBe('salesorders');
    expect(() => getEntitySetName('nope')).toThrow(/nope/);
  });
});

describe('defineTable and column reject inconsistent definitions', () => {
  const base = {
    logicalName: 'thing',
    entitySetName: 'things',
    primaryIdAttribute: 'thingid',
    primaryNameAttribute: 'name',
    ownership: 'None' as const,
  };
  const valid = [columns.primaryKey('thingid'), columns.text('name', 100), columns.dateTime('modifiedon'), columns.lookup('modifiedby', 'systemuser')];

  it('accepts a minimal table', () => {
    expect(Object.keys(defineTable({ ...base, columns: valid }).fields)).toEqual(['thingid', 'name', 'modifiedon', '_modifiedby_value']);
  });

  it('names a duplicate column', () => {
    expect(() => defineTable({ ...base, columns: [...valid, columns.text('name', 50)] })).toThrow(/'thing' defines column 'name' twice/);
  });

  it('names a missing primary id, name or modified-on column', () => {
    expect(() => defineTable({ ...base, columns: valid.slice(1) })).toThrow(/primary id 'thingid'/);
    expect(() => defineTable({ ...base, columns: [valid[0]!, valid[2]!, valid[3]!] })).toThrow(/no 'name' column/);
    expect(() => defineTable({ ...base, columns: valid.slice(0, 3) })).toThrow(/no '_modifiedby_value' column/);
  });

  it('maps attribute types to core field types', () => {
    expect(columns.dateTime('d', { behavior: 'DateOnly' }).type).toBe('date');
    expect(columns.dateTime('d', { format: 'DateOnly' }).type).toBe('datetime');
    expect(columns.memo('m', 10).type).toBe('text');
    expect(columns.money('m', 2).type).toBe('decimal');
    expect(columns.entityName('e').type).toBe('string');
    expect(columns.customer('c').type).toBe('lookup');
    expect(columns.picklist('p', { 1: 'One' }).type).toBe('option');
  });

  it('rejects lookups without targets, choices without options, strings without length', () => {
    expect(() => column({ logicalName: 'x', attributeType: 'Lookup' })).toThrow(TableDefinitionError);
    expect(() => column({ logicalName: 'x', attributeType: 'Picklist', options: [] })).toThrow(/'x' \(Picklist\).*no options/);
    expect(() => column({ logicalName: 'x', attributeType: 'String' })).toThrow(/no maxLength/);
    expect(() => column({ logicalName: 'x', attributeType: 'Integer', targets: [{ table: 'a', navigationProperty: 'x' }] })).toThrow(/not a lookup/);
  });

  it('stateColumns: each status under its state, the lowest one as default unless named; contradictions rejected', () => {
    const [state, status] = columns.stateColumns({
      0: ['Open', { 2: 'On Hold', 1: 'In Progress' }],
      1: ['Closed', { 5: 'Lost', 4: 'Won' }, 5],
    });
    expect(state).toEqual(columns.stateCode([[0, 'Open', 1], [1, 'Closed', 5]]));
    expect(status).toEqual(columns.statusCode([[1, 'In Progress', 0], [2, 'On Hold', 0], [4, 'Won', 1], [5, 'Lost', 1]]));
    expect(columns.activeInactiveState(100001, 100002)).toEqual([
      columns.stateCode([[0, 'Active', 100001], [1, 'Inactive', 100002]]),
      columns.statusCode([[100001, 'Active', 0], [100002, 'Inactive', 1]]),
    ]);
    expect(() => columns.stateColumns({ 0: ['Open', {}] })).toThrow(/state 0 'Open' has no status/);
    expect(() => columns.stateColumns({ 0: ['Open', { 1: 'New' }], 1: ['Closed', { 1: 'Done' }] })).toThrow(/status 1 is listed under both state 0 and state 1/);
    expect(() => columns.stateColumns({ 0: ['Open', { 1: 'New' }, 7] })).toThrow(TableDefinitionError);
    expect(() => columns.stateColumns({ 0: ['Open', { 1: 'New' }, 7] })).toThrow(/defaults to status 7, which is not one of its statuses \(1\)/);
  });
});
