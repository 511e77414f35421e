import type { EntityManager } from '@mikro-orm/core';
import type { Customer } from '../entities/Customer';
import type { SalesDocumentType, SalesHeader } from '../entities/SalesHeader';
import type { SalesHeaderArchive } from '../entities/SalesHeaderArchive';
import type { SalesLineArchive } from '../entities/SalesLineArchive';
import type { SalesInvoiceHeader } from '../entities/SalesInvoiceHeader';
import type { SalesInvoiceLine } from '../entities/SalesInvoiceLine';
import type { SalesLine } from '../entities/SalesLine';

/** An order was released (raised inside the release transaction). */
export interface ReleasedSalesOrderContext {
  orderNo: string;
  order: SalesHeader;
  lines: SalesLine[];
  customer: Customer;
  /** The transaction's entity manager: writes through it commit or roll back with the release. */
  em: EntityManager;
}

/** An order is about to be posted: checks passed, the invoice number is taken, nothing is written yet. */
export interface PostSalesOrderContext {
  orderNo: string;
  /** The number the posted invoice will get. */
  invoiceNo: string;
  yourReference: string | null;
  externalDocumentNo: string | null;
  order: SalesHeader;
  lines: SalesLine[];
  customer: Customer;
  /** The posting transaction's entity manager. */
  em: EntityManager;
}

/** An order was posted: the invoice exists and the order is gone. */
export interface PostedSalesOrderContext {
  orderNo: string;
  invoiceNo: string;
  /** The order's Your Reference (for orders made from a CRM order: the CRM order number). */
  yourReference: string | null;
  /** The order's External Document No. (for orders made from a CRM order: the CRM order name). */
  externalDocumentNo: string | null;
  customer: Customer;
  invoice: SalesInvoiceHeader;
  invoiceLines: SalesInvoiceLine[];
  /**
   * In `afterPostSalesOrder`: the posting transaction's entity manager (writes commit or roll back with the post).
   * In `afterPostSalesOrderCommit`: a fresh fork outside any transaction.
   */
  em: EntityManager;
}

/** A quote or an order was archived: the new version is written (the document itself may be deleted next). */
export interface ArchivedSalesDocumentContext {
  documentType: SalesDocumentType;
  no: string;
  versionNo: number;
  header: SalesHeaderArchive;
  lines: SalesLineArchive[];
  /** The archiving transaction's entity manager (for posting: the posting transaction's). */
  em: EntityManager;
}
