import { AsyncSeriesHook } from 'tapable';
import { createHooksRegistry, guardTaps } from '@tandem/core';
import type { CreateSalesOrderInput } from '@tandem/erp';
import type { CrmSalesOrder } from './CrmSalesOrder';
import type { OrderAccount } from './sellToCustomer';

/** An ERP order is about to be created from a CRM order: every rule passed, nothing is written yet. */
export interface CreateErpOrderContext {
  crmOrder: CrmSalesOrder;
  /** The account sold to (the order's account, or its contact's parent account). */
  account: OrderAccount;
  /** What will be passed to `SalesOrderService.createSalesOrder`: change it to override a value. */
  input: CreateSalesOrderInput;
}

/** A CRM order was transferred: the ERP order exists, the pair is coupled and the CRM order marked. */
export interface TransferredOrderContext {
  crmOrder: CrmSalesOrder;
  erpOrderNo: string;
}

/**
 * The hooks the sales-order plugin offers (BC's CU 5343 events, in our shape). Tap them in `register` with
 * `getSalesOrderTransferHooks(registry.hooks)`; a tap that throws becomes a `HookError` (`TANDEM_HOOK_FAILED`).
 *
 * | Hook | Raised | A throwing tap | BC event |
 * |---|---|---|---|
 * | `beforeCreateErpOrder` | rules passed, before the ERP order is written | stops this order: nothing created | OnCreateSalesOrderHeaderOnBeforeSalesHeaderInsert / …LinesOnBeforeSalesLineInsert |
 * | `afterTransfer` | order created, coupled and marked transferred | the order stays transferred; the error reaches the caller (the automatic job reports it for that order) | OnCreateNAVSalesOrderOnAfterSetLastBackOfficeSubmit |
 */
export interface SalesOrderTransferHooks {
  readonly beforeCreateErpOrder: AsyncSeriesHook<[CreateErpOrderContext]>;
  readonly afterTransfer: AsyncSeriesHook<[TransferredOrderContext]>;
}

export const getSalesOrderTransferHooks = createHooksRegistry<SalesOrderTransferHooks>(() => ({
  beforeCreateErpOrder: guardTaps('beforeCreateErpOrder', new AsyncSeriesHook<[CreateErpOrderContext]>(['context'])),
  afterTransfer: guardTaps('afterTransfer', new AsyncSeriesHook<[TransferredOrderContext]>(['context'])),
}));
