/** product.statecode values. */
export const ProductState = { ACTIVE: 0, RETIRED: 1, DRAFT: 2, UNDER_REVISION: 3 } as const;

/** ERP → CRM: a blocked item's product is retired, any other is active (BC's UpdateCRMProductStateCodeIfChanged). */
export function productStateFor(blocked: unknown): number {
  return blocked === true || blocked === 1 ? ProductState.RETIRED : ProductState.ACTIVE;
}

/** CRM → ERP: an item is blocked when its product is in any state but Active (BC's UpdateItemAfterTransferRecordFields). */
export function itemBlockedFor(statecode: unknown): boolean {
  return statecode !== ProductState.ACTIVE;
}
