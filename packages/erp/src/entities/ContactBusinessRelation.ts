import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** What a business relation links a company contact to (NAV "Link to Table"). */
export type ContactLinkToTable = 'Customer' | 'Vendor';

/**
 * NAV table 5054 "Contact Business Relation": links a company contact to the customer (or vendor) it is. NAV keys it
 * by (contact no., business relation code); here that pair is unique and `systemId` is the key. One company contact
 * is one customer: (`linkToTable`, `no`) is unique too.
 */
export interface ContactBusinessRelation extends SystemFields {
  /** The company contact. */
  contactNo: string;
  /** NAV's "Business Relation Code", `CUST` for customers. */
  businessRelationCode: string;
  linkToTable: ContactLinkToTable;
  /** The customer's (or vendor's) no. */
  no: string;
}

export const ContactBusinessRelationSchema = new EntitySchema<ContactBusinessRelation>({
  name: 'ContactBusinessRelation',
  uniques: [{ properties: ['contactNo', 'businessRelationCode'] }, { properties: ['linkToTable', 'no'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    contactNo: { type: 'string', length: 20 },
    businessRelationCode: { type: 'string', length: 10, default: 'CUST' },
    linkToTable: { type: 'string', length: 10, default: 'Customer' },
    no: { type: 'string', length: 20 },
  },
});
