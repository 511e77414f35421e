import { ContactSchema } from './Contact';
import { ContactBusinessRelationSchema } from './ContactBusinessRelation';
import { CurrencySchema } from './Currency';
import { CurrencyExchangeRateSchema } from './CurrencyExchangeRate';
import { CustLedgerEntrySchema } from './CustLedgerEntry';
import { CustomerSchema } from './Customer';
import { CustomerPriceGroupSchema } from './CustomerPriceGroup';
import { ErpSetupSchema } from './ErpSetup';
import { ItemSchema } from './Item';
import { ItemLedgerEntrySchema } from './ItemLedgerEntry';
import { NoSeriesSchema } from './NoSeries';
import { OpportunitySchema } from './Opportunity';
import { PaymentTermsSchema } from './PaymentTerms';
import { RecordLinkSchema } from './RecordLink';
import { ResourceSchema } from './Resource';
import { SalesHeaderSchema } from './SalesHeader';
import { SalesHeaderArchiveSchema } from './SalesHeaderArchive';
import { SalesInvoiceHeaderSchema } from './SalesInvoiceHeader';
import { SalesInvoiceLineSchema } from './SalesInvoiceLine';
import { SalesLineSchema } from './SalesLine';
import { SalesLineArchiveSchema } from './SalesLineArchive';
import { SalesPriceSchema } from './SalesPrice';
import { SalespersonSchema } from './Salesperson';
import { ShipmentMethodSchema } from './ShipmentMethod';
import { ShippingAgentSchema } from './ShippingAgent';
import { UnitOfMeasureSchema } from './UnitOfMeasure';
import { UnitGroupSchema } from './UnitGroup';
import { ItemUnitOfMeasureSchema } from './ItemUnitOfMeasure';
import { ResourceUnitOfMeasureSchema } from './ResourceUnitOfMeasure';

export * from './systemFields';
export * from './documentFields';
export * from './Contact';
export * from './ContactBusinessRelation';
export * from './Currency';
export * from './CurrencyExchangeRate';
export * from './CustLedgerEntry';
export * from './Customer';
export * from './CustomerBlocked';
export * from './CustomerPriceGroup';
export * from './ErpSetup';
export * from './Item';
export * from './ItemLedgerEntry';
export * from './NoSeries';
export * from './Opportunity';
export * from './PaymentTerms';
export * from './RecordLink';
export * from './Resource';
export * from './SalesHeader';
export * from './SalesHeaderArchive';
export * from './SalesInvoiceHeader';
export * from './SalesInvoiceLine';
export * from './SalesLine';
export * from './SalesLineArchive';
export * from './SalesPrice';
export * from './Salesperson';
export * from './ShipmentMethod';
export * from './ShippingAgent';
export * from './UnitOfMeasure';
export * from './UnitGroup';
export * from './ItemUnitOfMeasure';
export * from './ResourceUnitOfMeasure';

/** Every ERP entity, for hosts that initialise MikroORM themselves (`MikroORM.init({ entities: [...erpEntities] })`). */
export const erpEntities = Object.freeze([
  ErpSetupSchema,
  NoSeriesSchema,
  SalespersonSchema,
  CurrencySchema,
  CurrencyExchangeRateSchema,
  UnitOfMeasureSchema,
  PaymentTermsSchema,
  ShipmentMethodSchema,
  ShippingAgentSchema,
  ItemSchema,
  ResourceSchema,
  UnitGroupSchema,
  ItemUnitOfMeasureSchema,
  ResourceUnitOfMeasureSchema,
  CustomerPriceGroupSchema,
  SalesPriceSchema,
  CustomerSchema,
  SalesHeaderSchema,
  SalesLineSchema,
  SalesHeaderArchiveSchema,
  SalesLineArchiveSchema,
  SalesInvoiceHeaderSchema,
  SalesInvoiceLineSchema,
  ContactSchema,
  ContactBusinessRelationSchema,
  OpportunitySchema,
  RecordLinkSchema,
  CustLedgerEntrySchema,
  ItemLedgerEntrySchema,
] as const);
