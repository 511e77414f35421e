import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** The key of the one setup row (NAV setup tables have a single row too). */
export const ERP_SETUP_KEY = 'SETUP';

/**
 * The setup row: NAV's General Ledger Setup ("LCY Code") and Sales & Receivables Setup (number series, write-in
 * product) in one. Number series fields hold `NoSeries` codes.
 */
export interface ErpSetup extends SystemFields {
  key: string;
  /** The local currency (NAV "LCY Code"); documents in it carry a blank currency code. */
  localCurrencyCode: string;
  /** The item used for CRM order lines without a product (NAV "Write-in Product No."). */
  writeInItemNo: string | null;
  customerNos: string | null;
  itemNos: string | null;
  salespersonNos: string | null;
  orderNos: string | null;
  /** Quote Nos.: the number series of sales quotes (kept apart from `orderNos`, so `no` stays the header's key). */
  quoteNos?: string | null;
  /**
   * NAV "Archive Orders": when on, posting an order first archives it (a new version in the sales archive), so the
   * order's last state can still be read after posting deletes it. Default off.
   */
  archiveOrders?: boolean;
  postedInvoiceNos: string | null;
  /** Contact Nos. (NAV Marketing Setup): new contacts, e.g. persons made from CRM contacts. */
  contactNos?: string | null;
  /** Opportunity Nos. (NAV Marketing Setup). */
  opportunityNos?: string | null;
}

export const ErpSetupSchema = new EntitySchema<ErpSetup>({
  name: 'ErpSetup',
  properties: {
    key: { type: 'string', length: 10, primary: true },
    localCurrencyCode: { type: 'string', length: 10 },
    writeInItemNo: { type: 'string', length: 20, nullable: true },
    customerNos: { type: 'string', length: 20, nullable: true },
    itemNos: { type: 'string', length: 20, nullable: true },
    salespersonNos: { type: 'string', length: 20, nullable: true },
    orderNos: { type: 'string', length: 20, nullable: true },
    postedInvoiceNos: { type: 'string', length: 20, nullable: true },
    quoteNos: { type: 'string', length: 20, nullable: true },
    archiveOrders: { type: 'boolean', default: false },
    contactNos: { type: 'string', length: 20, nullable: true },
    opportunityNos: { type: 'string', length: 20, nullable: true },
    ...systemProperties(),
  },
});
