/**
 * The texts of the posts written on a CRM account's wall when the ERP posts an order made from a CRM order (BC's
 * '%1 ''%2'' has been posted in %3.' and 'Invoice ''%1'' for order ''%2'' has been posted in %3.', in our words).
 */
export const crmPostText = {
  /** The order was posted (without an invoice; this ERP always invoices, so the invoice text is the one used). */
  orderPosted: (orderName: string, erpName: string) => `Order '${orderName}' has been posted in ${erpName}.`,
  invoicePosted: (invoiceNo: string, orderName: string, erpName: string) =>
    `Invoice '${invoiceNo}' for order '${orderName}' has been posted in ${erpName}.`,
};
