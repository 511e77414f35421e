import type { StateStore, TableStore } from '@tandem/core';
import type { CrmSalesOrder } from './CrmSalesOrder';
import { CRM_ACCOUNT_TYPE_CUSTOMER, CUSTOMER_MAPPING } from './names';
import { salesOrderErrors } from './salesOrderErrors';

/** The CRM account an order sells to. */
export interface OrderAccount {
  id: string;
  name: string;
}

/**
 * The account an order's `customerid` names: the account itself, or, for a contact, the contact's parent account
 * (`parentcustomerid`). No customer, an unknown row or a contact without a parent account →
 * `TANDEM_SALES_ORDER_NO_CUSTOMER`.
 */
export async function orderAccount(crm: TableStore, order: CrmSalesOrder): Promise<{ account: OrderAccount; values: Record<string, unknown> }> {
  const customerId = order.values['_customerid_value'];
  if (typeof customerId !== 'string' || !customerId) throw salesOrderErrors.noCustomer(order.label, 'its customer is empty');
  const [account] = await crm.getByIds('account', [customerId]);
  if (account) return { account: { id: account.id, name: String(account.values['name'] ?? account.id) }, values: account.values };
  const [contact] = await crm.getByIds('contact', [customerId]);
  if (!contact) throw salesOrderErrors.noCustomer(order.label, `customer ${customerId} is neither an account nor a contact`);
  const parentId = contact.values['_parentcustomerid_value'];
  const [parent] = typeof parentId === 'string' && parentId ? await crm.getByIds('account', [parentId]) : [];
  if (!parent) {
    throw salesOrderErrors.noCustomer(order.label, `its customer is contact "${String(contact.values['fullname'] ?? contact.id)}", which belongs to no account`);
  }
  return { account: { id: parent.id, name: String(parent.values['name'] ?? parent.id) }, values: parent.values };
}

/**
 * The ERP customer no. to sell to (BC's sell-to rule): the order's account (or its contact's parent account) must be of
 * type Customer and coupled to an ERP customer through the CUSTOMER mapping.
 */
export async function sellToCustomerNo(crm: TableStore, state: StateStore, order: CrmSalesOrder): Promise<{ customerNo: string; account: OrderAccount }> {
  const { account, values } = await orderAccount(crm, order);
  const label = `"${account.name}" (${account.id})`;
  if (values['customertypecode'] !== CRM_ACCOUNT_TYPE_CUSTOMER) throw salesOrderErrors.accountNotCustomer(order.label, label, values['customertypecode']);
  const coupling = await state.findCoupling(CUSTOMER_MAPPING, 'integration', account.id);
  if (!coupling?.businessId) throw salesOrderErrors.customerNotCoupled(order.label, label);
  return { customerNo: coupling.businessId, account };
}
