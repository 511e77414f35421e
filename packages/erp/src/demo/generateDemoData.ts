import type { EntityManager } from '@mikro-orm/core';
import { inTransaction } from '@tandem/core';
import { ContactSchema, type Contact } from '../entities/Contact';
import { ContactBusinessRelationSchema, type ContactBusinessRelation } from '../entities/ContactBusinessRelation';
import { CurrencySchema, type Currency } from '../entities/Currency';
import { CurrencyExchangeRateSchema, type CurrencyExchangeRate } from '../entities/CurrencyExchangeRate';
import { CustomerSchema, type Customer } from '../entities/Customer';
import { CustomerPriceGroupSchema } from '../entities/CustomerPriceGroup';
import { ERP_SETUP_KEY, ErpSetupSchema } from '../entities/ErpSetup';
import { ItemSchema, type Item } from '../entities/Item';
import { ItemLedgerEntrySchema, type ItemLedgerEntry } from '../entities/ItemLedgerEntry';
import { NoSeriesSchema, type NoSeries } from '../entities/NoSeries';
import { OpportunitySchema } from '../entities/Opportunity';
import { PaymentTermsSchema } from '../entities/PaymentTerms';
import { RecordLinkSchema } from '../entities/RecordLink';
import { ResourceSchema, type Resource } from '../entities/Resource';
import { SalesHeaderSchema, type SalesHeader } from '../entities/SalesHeader';
import { SalesLineSchema, type SalesLine } from '../entities/SalesLine';
import { SalesPriceSchema } from '../entities/SalesPrice';
import { SalespersonSchema, type Salesperson } from '../entities/Salesperson';
import { ShipmentMethodSchema } from '../entities/ShipmentMethod';
import { ShippingAgentSchema } from '../entities/ShippingAgent';
import { UnitOfMeasureSchema } from '../entities/UnitOfMeasure';
import { UnitGroupSchema } from '../entities/UnitGroup';
import { ItemUnitOfMeasureSchema } from '../entities/ItemUnitOfMeasure';
import { ResourceUnitOfMeasureSchema } from '../entities/ResourceUnitOfMeasure';
import { erpErrors } from '../errors/erpErrors';
import { Dec } from '../money/Decimal';
import { lineAmounts } from '../sales/lineAmounts';
import { companyName } from './demoCompanyNames';
import { demoOpportunities, demoSalesOrderNotes } from './demoMarketing';
import { demoPrices } from './demoPrices';
import { demoUnitGroups } from './demoUnitGroups';
import * as V from './demoVocabulary';
import { insertInBatches } from './insertInBatches';
import { Prng } from './Prng';

export interface DemoDataOptions {
  /** Same seed, same data (every column but `modifiedAt`, which is `now`). Default 1. */
  seed?: number | string;
  customers?: number;
  items?: number;
  /** Resources (people and machines sold by the hour). Default 5. */
  resources?: number;
  salespeople?: number;
  /** Sales orders (not posted), each with 1 to `maxLinesPerOrder` item lines. */
  salesOrders?: number;
  maxLinesPerOrder?: number;
  /** The share of orders that are Released (the rest are Open). Default 0.3. */
  releasedShare?: number;
  /** Person contacts per customer with contacts (each also gets its company contact and business relation). Default 2. */
  personsPerCustomer?: number;
  /**
   * How many customers (the first ones) get contacts. Default 100, so that large customer counts (benchmarks) do not
   * triple their rows; pass the customer count for contacts everywhere.
   */
  customersWithContacts?: number;
  /** Opportunities, each for a person contact of a customer. Default 20. */
  opportunities?: number;
  /** The share of sales orders that carry a note (a Record Link). Default 0.25. */
  salesOrderNoteShare?: number;
  /** One of the demo currencies' codes (EUR, USD, GBP, CHF, SEK, DKK, NOK, JPY). Default EUR. */
  localCurrencyCode?: string;
  /** The `modifiedAt` of every row. Default: the time of the call. */
  now?: Date;
  /** Rows per insert statement. Default 500. */
  batchSize?: number;
}

/** How many rows were written, per entity. */
export type DemoDataSummary = Record<string, number>;

type Counts = Required<
  Pick<
    DemoDataOptions,
    'seed' | 'customers' | 'items' | 'resources' | 'salespeople' | 'salesOrders' | 'maxLinesPerOrder' | 'releasedShare' | 'personsPerCustomer' | 'customersWithContacts' | 'opportunities' | 'salesOrderNoteShare'
  >
>;
const DEFAULTS: Counts = {
  seed: 1, customers: 100, items: 50, resources: 5, salespeople: 10, salesOrders: 20, maxLinesPerOrder: 5, releasedShare: 0.3,
  personsPerCustomer: 2, customersWithContacts: 100, opportunities: 20, salesOrderNoteShare: 0.25,
};
const FIRST_DAY_2025 = Date.UTC(2025, 0, 1);
const UNIT_PRICE_PRECISION = Dec.of('0.00001');

/**
 * Fills an empty ERP database with reproducible demo data: the setup, number series, salespeople, currencies with
 * exchange rates, units of measure, payment terms, shipment methods, shipping agents, items, customers and sales
 * orders with lines. Each table draws from its own seeded sequence, so changing one count leaves the other tables
 * as they were. Rows go in with multi-row inserts inside one transaction (100 000 customers take seconds).
 */
export async function generateDemoData(em: EntityManager, options: DemoDataOptions = {}): Promise<DemoDataSummary> {
  const o = { ...DEFAULTS, ...options };
  for (const key of ['customers', 'items', 'resources', 'salespeople', 'salesOrders', 'maxLinesPerOrder', 'personsPerCustomer', 'customersWithContacts', 'opportunities'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 0) throw erpErrors.valueInvalid(key, o[key], 'a whole number of 0 or more');
  }
  for (const key of ['releasedShare', 'salesOrderNoteShare'] as const) {
    if (!(o[key] >= 0 && o[key] <= 1)) throw erpErrors.valueInvalid(key, o[key], 'a share from 0 to 1');
  }
  const localCurrencyCode = (options.localCurrencyCode ?? 'EUR').toUpperCase();
  const local = V.CURRENCIES.find((c) => c.code === localCurrencyCode);
  if (!local) throw erpErrors.valueInvalid('localCurrencyCode', options.localCurrencyCode, `one of ${V.CURRENCIES.map((c) => c.code).join(', ')}`);
  const now = options.now ?? new Date();
  const size = options.batchSize ?? 500;
  const random = (table: string) => new Prng(`${o.seed}:${table}`);
  const stamp = (prng: Prng) => ({ systemId: prng.uuid(), modifiedAt: now });

  // Codes of the fixed tables, and the rows of the generated ones.
  const simple = random('codes');
  const foreign = V.CURRENCIES.filter((c) => c.code !== local.code);
  const currencies: Currency[] = foreign.map((c) => ({
    code: c.code, description: c.description, isoCode: c.code, symbol: c.symbol, amountRoundingPrecision: c.precision, ...stamp(simple),
  }));
  const ratePrng = random('exchangeRates');
  const rates: CurrencyExchangeRate[] = foreign.flatMap((c) =>
    ['2024-01-01', '2025-01-01'].map((startingDate) => {
      const jitter = Dec.of(ratePrng.int(950, 1050)).dividedBy(Dec.of(1000));
      const relational = Dec.of(c.eurValue).dividedBy(Dec.of(local.eurValue)).times(Dec.of(100)).times(jitter).round(UNIT_PRICE_PRECISION);
      return { currencyCode: c.code, startingDate, exchangeRateAmount: '100', relationalExchangeRateAmount: relational.toString(), ...stamp(ratePrng) };
    }),
  );
  const units = V.UNITS_OF_MEASURE.map((u) => ({ ...u, ...stamp(simple) }));
  const paymentTerms = V.PAYMENT_TERMS.map((t) => ({ ...t, ...stamp(simple) }));
  const shipmentMethods = V.SHIPMENT_METHODS.map((m) => ({ ...m, ...stamp(simple) }));
  const shippingAgents = V.SHIPPING_AGENTS.map((a) => ({ ...a, ...stamp(simple) }));

  const personPrng = random('salespeople');
  const salespeople: Salesperson[] = numbers('SP', o.salespeople).map((code) => {
    const first = personPrng.pick(V.FIRST_NAMES);
    const last = personPrng.pick(V.LAST_NAMES);
    return {
      code, name: `${first} ${last}`, email: `${first}.${last}@cronus.example`.toLowerCase(), phoneNo: phone(personPrng),
      jobTitle: personPrng.pick(['Sales Manager', 'Account Manager', 'Sales Representative']), blocked: false, ...stamp(personPrng),
    };
  });

  const itemPrng = random('items');
  const items: Item[] = numbers('I', o.items).map((no) => {
    const cost = Dec.of(itemPrng.int(100, 50000)).dividedBy(Dec.of(100));
    const margin = Dec.of(itemPrng.int(120, 180)).dividedBy(Dec.of(100));
    return {
      no, description: `${itemPrng.pick(V.ITEM_ADJECTIVES)} ${itemPrng.pick(V.ITEM_NOUNS)}`, description2: null,
      baseUnitOfMeasure: itemPrng.pick(V.UNITS_OF_MEASURE).code, unitCost: cost.toString(),
      unitPrice: cost.times(margin).round(Dec.of('0.01')).toString(), inventory: String(itemPrng.int(0, 1000)),
      unitVolume: '0', grossWeight: String(itemPrng.int(1, 80)), vendorNo: null, vendorItemNo: null,
      blocked: itemPrng.chance(0.03), ...stamp(itemPrng),
    };
  });
  const writeIn: Item = {
    no: 'WRITE-IN', description: 'Write-in product', description2: null, baseUnitOfMeasure: 'PCS', unitCost: '0', unitPrice: '0',
    inventory: '0', unitVolume: '0', grossWeight: '0', vendorNo: null, vendorItemNo: null, blocked: false, ...stamp(simple),
  };

  // Opening stock as the ledger has it: inventory is the sum of an item's ledger entries (see Item.inventory).
  const ledgerPrng = random('item-ledger');
  const openingStock: Omit<ItemLedgerEntry, 'entryNo'>[] = items.filter((item) => item.inventory !== '0').map((item) => ({
    itemNo: item.no, postingDate: '2024-01-01', entryType: 'Positive Adjmt.', documentNo: 'OPENING', quantity: item.inventory, ...stamp(ledgerPrng),
  }));

  const resourcePrng = random('resources');
  const resources: Resource[] = numbers('R', o.resources).map((no) => {
    const machine = resourcePrng.chance(0.3);
    const cost = Dec.of(resourcePrng.int(2000, 12000)).dividedBy(Dec.of(100));
    return {
      no, name: machine ? `${resourcePrng.pick(V.ITEM_ADJECTIVES)} machine` : `${resourcePrng.pick(V.FIRST_NAMES)} ${resourcePrng.pick(V.LAST_NAMES)}`,
      type: machine ? 'Machine' : 'Person', baseUnitOfMeasure: 'HOUR', unitCost: cost.toString(),
      unitPrice: cost.times(Dec.of('1.5')).round(Dec.of('0.01')).toString(), capacity: '160', vendorNo: null, blocked: false,
      ...stamp(resourcePrng),
    };
  });

  const customerPrng = random('customers');
  const customers: Customer[] = numbers('C', o.customers).map((no) => {
    const p = customerPrng;
    const place = p.pick(V.CITIES);
    const name = companyName(p);
    const slug = `${name.split(' ')[0]}${no}`.toLowerCase();
    const blockedDraw = p.next();
    return {
      no, name, address: `${p.int(1, 250)} ${p.pick(V.STREETS)}`, address2: p.chance(0.2) ? `Floor ${p.int(1, 9)}` : null,
      postCode: place.postCode, city: place.city, countryRegionCode: place.country, county: place.county,
      contact: `${p.pick(V.FIRST_NAMES)} ${p.pick(V.LAST_NAMES)}`, phoneNo: phone(p), faxNo: p.chance(0.3) ? phone(p) : null,
      email: `info@${slug}.example`, homePage: `https://www.${slug}.example`,
      salespersonCode: salespeople.length > 0 ? p.pick(salespeople).code : null,
      currencyCode: p.chance(0.25) ? p.pick(currencies).code : null,
      paymentTermsCode: p.pick(paymentTerms).code, shipmentMethodCode: p.pick(shipmentMethods).code,
      shippingAgentCode: p.pick(shippingAgents).code, creditLimitLcy: String(p.int(0, 50) * 1000),
      blocked: blockedDraw < 0.02 ? 'All' : blockedDraw < 0.03 ? 'Invoice' : '', primaryContactNo: null, ...stamp(p),
    };
  });

  const { orders, lines } = demoOrders(random('salesOrders'), o, customers, items, currencies, rates, now);
  const { contacts, relations } = demoContacts(random('contacts'), o.personsPerCustomer, customers.slice(0, o.customersWithContacts), now);
  const opportunities = demoOpportunities(random('opportunities'), o.opportunities, contacts, now);
  const { groups: priceGroups, prices } = demoPrices(random('prices'), items, now);
  const notes = demoSalesOrderNotes(random('recordLinks'), o.salesOrderNoteShare, orders, now);
  const { groups: unitGroups, itemUnits, resourceUnits } = demoUnitGroups(random('unitGroups'), [...items, writeIn], resources, now);

  const series: NoSeries[] = [
    { code: 'CUST', description: 'Customers', ...seriesRange('C', o.customers), ...stamp(simple) },
    { code: 'ITEM', description: 'Items', ...seriesRange('I', o.items), ...stamp(simple) },
    { code: 'SP', description: 'Salespeople', ...seriesRange('SP', o.salespeople), ...stamp(simple) },
    { code: 'S-ORD', description: 'Sales orders', ...seriesRange('SO', o.salesOrders), ...stamp(simple) },
    { code: 'S-INV', description: 'Posted sales invoices', ...seriesRange('SI', 0), ...stamp(simple) },
    { code: 'S-QUO', description: 'Sales quotes', ...seriesRange('SQ', 0), ...stamp(simple) },
    { code: 'CONT', description: 'Contacts', ...seriesRange('CT', contacts.length), ...stamp(simple) },
    { code: 'OPP', description: 'Opportunities', ...seriesRange('OP', opportunities.length), ...stamp(simple) },
  ];
  const setup = {
    key: ERP_SETUP_KEY, localCurrencyCode: local.code, writeInItemNo: writeIn.no, customerNos: 'CUST', itemNos: 'ITEM',
    salespersonNos: 'SP', orderNos: 'S-ORD', quoteNos: 'S-QUO', postedInvoiceNos: 'S-INV', contactNos: 'CONT', opportunityNos: 'OPP', ...stamp(simple),
  };

  await inTransaction(em, async (tx) => {
    await tx.insert(ErpSetupSchema, setup);
    await insertInBatches(tx, NoSeriesSchema, series, size);
    await insertInBatches(tx, CurrencySchema, currencies, size);
    await insertInBatches(tx, CurrencyExchangeRateSchema, rates, size);
    await insertInBatches(tx, UnitOfMeasureSchema, units, size);
    await insertInBatches(tx, PaymentTermsSchema, paymentTerms, size);
    await insertInBatches(tx, ShipmentMethodSchema, shipmentMethods, size);
    await insertInBatches(tx, ShippingAgentSchema, shippingAgents, size);
    await insertInBatches(tx, SalespersonSchema, salespeople, size);
    await insertInBatches(tx, ItemSchema, [...items, writeIn], size);
    await insertInBatches(tx, ItemLedgerEntrySchema, openingStock as ItemLedgerEntry[], size);
    await insertInBatches(tx, ResourceSchema, resources, size);
    await insertInBatches(tx, UnitGroupSchema, unitGroups, size);
    await insertInBatches(tx, ItemUnitOfMeasureSchema, itemUnits, size);
    await insertInBatches(tx, ResourceUnitOfMeasureSchema, resourceUnits, size);
    await insertInBatches(tx, CustomerPriceGroupSchema, priceGroups, size);
    await insertInBatches(tx, SalesPriceSchema, prices, size);
    await insertInBatches(tx, CustomerSchema, customers, size);
    await insertInBatches(tx, SalesHeaderSchema, orders, size);
    await insertInBatches(tx, SalesLineSchema, lines, size);
    await insertInBatches(tx, ContactSchema, contacts, size);
    await insertInBatches(tx, ContactBusinessRelationSchema, relations, size);
    await insertInBatches(tx, OpportunitySchema, opportunities, size);
    await insertInBatches(tx, RecordLinkSchema, notes, size);
  });
  return {
    ErpSetup: 1, NoSeries: series.length, Currency: currencies.length, CurrencyExchangeRate: rates.length,
    UnitOfMeasure: units.length, PaymentTerms: paymentTerms.length, ShipmentMethod: shipmentMethods.length,
    ShippingAgent: shippingAgents.length, Salesperson: salespeople.length, Item: items.length + 1, Resource: resources.length,
    UnitGroup: unitGroups.length, ItemUnitOfMeasure: itemUnits.length, ResourceUnitOfMeasure: resourceUnits.length,
    CustomerPriceGroup: priceGroups.length, SalesPrice: prices.length, Customer: customers.length,
    SalesHeader: orders.length, SalesLine: lines.length, Contact: contacts.length, ContactBusinessRelation: relations.length,
    Opportunity: opportunities.length, RecordLink: notes.length,
  };
}

/** Sales orders for customers that may get one, with lines of unblocked items, priced in the customer's currency. */
function demoOrders(
  p: Prng, o: Counts, customers: Customer[], items: Item[], currencies: Currency[], rates: CurrencyExchangeRate[], now: Date,
): { orders: SalesHeader[]; lines: SalesLine[] } {
  const eligible = customers.filter((c) => c.blocked !== 'All');
  const sellable = items.filter((i) => !i.blocked);
  const orders: SalesHeader[] = [];
  const lines: SalesLine[] = [];
  if (eligible.length === 0 || sellable.length === 0 || o.maxLinesPerOrder === 0) return { orders, lines };
  for (const no of numbers('SO', o.salesOrders)) {
    const customer = p.pick(eligible);
    const orderDate = new Date(FIRST_DAY_2025 + p.int(0, 364) * 86_400_000).toISOString().slice(0, 10);
    const currency = currencies.find((c) => c.code === customer.currencyCode);
    // The demo rates start on 2024-01-01 and 2025-01-01, so the 2025 rate applies to every 2025 order.
    const rate = currency ? rates.find((r) => r.currencyCode === currency.code && r.startingDate === '2025-01-01')! : undefined;
    const factor = rate ? Dec.of(rate.exchangeRateAmount).dividedBy(Dec.of(rate.relationalExchangeRateAmount)) : Dec.of(1);
    const precision = Dec.of(currency?.amountRoundingPrecision ?? '0.01');
    let total = Dec.ZERO;
    const count = p.int(1, o.maxLinesPerOrder);
    for (let n = 1; n <= count; n++) {
      const item = p.pick(sellable);
      const quantity = Dec.of(p.int(1, 20));
      const unitPrice = Dec.of(item.unitPrice).times(factor).round(UNIT_PRICE_PRECISION);
      const discount = Dec.of(p.pick([0, 0, 0, 5, 10]));
      const amounts = lineAmounts(quantity, unitPrice, discount, precision);
      total = total.plus(Dec.of(amounts.amount));
      lines.push({
        systemId: p.uuid(), modifiedAt: now, documentType: 'Order', documentNo: no, lineNo: n * 10000, type: 'Item', no: item.no,
        description: item.description, unitOfMeasureCode: item.baseUnitOfMeasure, quantity: quantity.toString(),
        unitPrice: unitPrice.toString(), lineDiscountPercent: discount.toString(), lineDiscountAmount: amounts.lineDiscountAmount,
        amount: amounts.amount, amountIncludingVat: amounts.amount,
      });
    }
    orders.push({
      no, documentType: 'Order', status: p.chance(o.releasedShare) ? 'Released' : 'Open',
      sellToCustomerNo: customer.no, sellToCustomerName: customer.name, billToCustomerNo: customer.no, billToName: customer.name,
      billToAddress: customer.address, billToAddress2: customer.address2, billToPostCode: customer.postCode, billToCity: customer.city,
      billToCounty: customer.county, billToCountryRegionCode: customer.countryRegionCode,
      shipToName: customer.name, shipToAddress: customer.address, shipToAddress2: customer.address2, shipToPostCode: customer.postCode,
      shipToCity: customer.city, shipToCounty: customer.county, shipToCountryRegionCode: customer.countryRegionCode,
      orderDate, requestedDeliveryDate: p.chance(0.5) ? new Date(Date.parse(orderDate) + p.int(3, 30) * 86_400_000).toISOString().slice(0, 10) : null,
      currencyCode: currency?.code ?? null, currencyFactor: factor.toString(), salespersonCode: customer.salespersonCode,
      paymentTermsCode: customer.paymentTermsCode, shipmentMethodCode: customer.shipmentMethodCode, shippingAgentCode: customer.shippingAgentCode,
      yourReference: p.chance(0.5) ? `PO-${p.int(10000, 99999)}` : null, externalDocumentNo: null,
      amount: total.toString(), amountIncludingVat: total.toString(), systemId: p.uuid(), modifiedAt: now,
    });
  }
  return { orders, lines };
}

/**
 * Per customer: its company contact (same name and address, linked by a business relation `CUST`) and
 * `personsPerCustomer` person contacts of that company. Contact numbers run CT00001… in that order.
 */
function demoContacts(p: Prng, personsPerCustomer: number, customers: Customer[], now: Date): { contacts: Contact[]; relations: ContactBusinessRelation[] } {
  const total = customers.length * (1 + personsPerCustomer);
  const nos = numbers('CT', total);
  const contacts: Contact[] = [];
  const relations: ContactBusinessRelation[] = [];
  let next = 0;
  for (const customer of customers) {
    const companyNo = nos[next++]!;
    const shared = {
      companyNo, companyName: customer.name, address: customer.address, address2: customer.address2, postCode: customer.postCode,
      city: customer.city, county: customer.county, countryRegionCode: customer.countryRegionCode, salespersonCode: customer.salespersonCode,
      currencyCode: customer.currencyCode, faxNo: null, pager: null, homePage: customer.homePage,
    };
    contacts.push({
      no: companyNo, type: 'Company', name: customer.name, firstName: null, middleName: null, surname: null, jobTitle: null,
      phoneNo: customer.phoneNo, mobilePhoneNo: null, email: customer.email, ...shared, systemId: p.uuid(), modifiedAt: now,
    });
    relations.push({ contactNo: companyNo, businessRelationCode: 'CUST', linkToTable: 'Customer', no: customer.no, systemId: p.uuid(), modifiedAt: now });
    const domain = customer.email?.split('@')[1] ?? 'example.com';
    for (let n = 0; n < personsPerCustomer; n++) {
      const firstName = p.pick(V.FIRST_NAMES);
      const surname = p.pick(V.LAST_NAMES);
      contacts.push({
        no: nos[next++]!, type: 'Person', name: `${firstName} ${surname}`, firstName, middleName: null, surname,
        jobTitle: p.pick(V.JOB_TITLES), phoneNo: phone(p), mobilePhoneNo: p.chance(0.5) ? phone(p) : null,
        email: `${firstName}.${surname}@${domain}`.toLowerCase(), ...shared, systemId: p.uuid(), modifiedAt: now,
      });
    }
  }
  return { contacts, relations };
}

/** Digits of the numbers of a series that will hold `count` numbers, with room for the series to go on. */
function width(count: number): number {
  return Math.max(5, String(count).length + 1);
}

export function numbers(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width(count), '0')}`);
}

function seriesRange(prefix: string, count: number): { startingNo: string; lastNoUsed: string | null } {
  return {
    startingNo: `${prefix}${'1'.padStart(width(count), '0')}`,
    lastNoUsed: count > 0 ? `${prefix}${String(count).padStart(width(count), '0')}` : null,
  };
}

function phone(p: Prng): string {
  return `+${p.int(1, 49)} ${p.int(100, 999)} ${p.int(100000, 999999)}`;
}
