import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { CustLedgerEntrySchema, type CustLedgerEntry } from '../entities/CustLedgerEntry';
import { CustomerSchema } from '../entities/Customer';
import { ItemSchema } from '../entities/Item';
import { ItemLedgerEntrySchema, type ItemLedgerEntry } from '../entities/ItemLedgerEntry';
import { erpErrors } from '../errors/erpErrors';
import { Dec } from '../money/Decimal';
import { blankToNull, checkDate } from '../sales/inputChecks';
import type { OperationOptions } from '../sales/SalesOrderInput';
import { refreshInventory } from './refreshInventory';

export interface PaymentInput extends OperationOptions {
  customerNo: string;
  /** The amount received in the local currency, greater than 0 (decimal text or number). */
  amountLcy: string | number;
  /** `YYYY-MM-DD`; default today (UTC). */
  postingDate?: string;
  /** Default `PAY-<posting date>`. */
  documentNo?: string;
  /** Apply to this invoice only (NAV "Applies-to Doc. No."); default: the open invoices, oldest due date first. */
  appliesToDocNo?: string;
}

export interface ItemAdjustmentInput extends OperationOptions {
  itemNo: string;
  /** Signed and not 0: a positive adjustment adds stock, a negative one removes it. */
  quantity: string | number;
  /** `YYYY-MM-DD`; default today (UTC). */
  postingDate?: string;
  /** Default `ADJ-<posting date>`. */
  documentNo?: string;
}

/** A posted payment: its entry and the entries it closed or reduced. */
export interface PostedPayment {
  payment: CustLedgerEntry;
  applied: CustLedgerEntry[];
}

/**
 * Posting to the customer and item ledgers outside order posting — what an ERP's cash receipt and item journals do,
 * small enough for tests and demo data: a customer payment applied to open invoices, and positive or negative item
 * adjustments. Each call is one transaction; every entry gets a `systemId` and `modifiedAt`, and an item's
 * `inventory` is refreshed from its ledger without touching the item's `modifiedAt`.
 */
export class LedgerService {
  readonly #orm: MikroORM;
  readonly #clock: () => Date;

  constructor(orm: MikroORM, options: { clock?: () => Date } = {}) {
    this.#orm = orm;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Posts a payment and applies it to the customer's open invoice entries (remaining amounts go down, open → closed). */
  async postPayment(input: PaymentInput): Promise<PostedPayment> {
    return this.#transaction(input, async (em) => {
      const customerNo = blankToNull(input.customerNo);
      if (customerNo === null) throw erpErrors.valueInvalid('customerNo', input.customerNo, 'a customer number');
      if (!(await em.findOne(CustomerSchema, { no: customerNo }))) throw erpErrors.customerNotFound(customerNo);
      const amount = Dec.of(input.amountLcy, 'amountLcy');
      if (!amount.isPositive()) throw erpErrors.valueInvalid('amountLcy', input.amountLcy, 'an amount greater than 0');
      const postingDate = input.postingDate === undefined ? this.#today() : checkDate(input.postingDate, 'postingDate');
      const now = this.#clock();
      const where = { customerNo, open: true, documentType: 'Invoice' as const, ...(input.appliesToDocNo ? { documentNo: input.appliesToDocNo } : {}) };
      const open = await em.find(CustLedgerEntrySchema, where, { orderBy: { dueDate: 'asc', entryNo: 'asc' } });
      if (input.appliesToDocNo && open.length === 0) throw erpErrors.noOpenEntry(customerNo, input.appliesToDocNo);
      let left = amount;
      const applied: CustLedgerEntry[] = [];
      for (const entry of open) {
        if (!left.isPositive()) break;
        const remaining = Dec.of(entry.remainingAmountLcy);
        const take = remaining.compare(left) <= 0 ? remaining : left;
        entry.remainingAmountLcy = remaining.minus(take).toString();
        entry.open = entry.remainingAmountLcy !== '0';
        entry.modifiedAt = now;
        left = left.minus(take);
        applied.push(entry);
      }
      const payment = em.create(CustLedgerEntrySchema, {
        customerNo, postingDate, documentType: 'Payment', documentNo: blankToNull(input.documentNo) ?? `PAY-${postingDate}`,
        description: 'Payment', amountLcy: Dec.ZERO.minus(amount).toString(), remainingAmountLcy: Dec.ZERO.minus(left).toString(),
        dueDate: postingDate, open: left.isPositive(), systemId: randomUUID(), modifiedAt: now,
      } as CustLedgerEntry);
      await em.flush();
      return { payment, applied };
    });
  }

  /** Posts a positive or negative adjustment of an item's quantity and refreshes its inventory. */
  async postItemAdjustment(input: ItemAdjustmentInput): Promise<ItemLedgerEntry> {
    return this.#transaction(input, async (em) => {
      const item = await em.findOne(ItemSchema, { no: input.itemNo });
      if (!item) throw erpErrors.itemNotFound(input.itemNo);
      const quantity = Dec.of(input.quantity, 'quantity');
      if (quantity.compare(Dec.ZERO) === 0) throw erpErrors.valueInvalid('quantity', input.quantity, 'a quantity other than 0');
      const postingDate = input.postingDate === undefined ? this.#today() : checkDate(input.postingDate, 'postingDate');
      const entry = em.create(ItemLedgerEntrySchema, {
        itemNo: item.no, postingDate, entryType: quantity.isPositive() ? 'Positive Adjmt.' : 'Negative Adjmt.',
        documentNo: blankToNull(input.documentNo) ?? `ADJ-${postingDate}`, quantity: quantity.toString(),
        systemId: randomUUID(), modifiedAt: this.#clock(),
      } as ItemLedgerEntry);
      await em.flush();
      await refreshInventory(em, [item.no]);
      return entry;
    });
  }

  /** Rebuilds `Item.inventory` from the ledger: of the given items, or of every item. Returns how many items. */
  async recalculateInventory(itemNos?: readonly string[], options: OperationOptions = {}): Promise<number> {
    return this.#transaction(options, async (em) => {
      const nos = itemNos ?? (await em.find(ItemSchema, {}, { fields: ['no'] })).map((item) => item.no);
      await refreshInventory(em, nos);
      return new Set(nos).size;
    });
  }

  #today(): string {
    return this.#clock().toISOString().slice(0, 10);
  }

  #transaction<T>(options: OperationOptions, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return (options.em ?? this.#orm.em.fork()).transactional(work);
  }
}
