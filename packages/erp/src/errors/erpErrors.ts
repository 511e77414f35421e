import { ErpError, ErpErrorCodes as C } from './ErpError';

/** The message factories of every ERP rule: each names the offending value and says what to do. */
export const erpErrors = {
  setupMissing: () =>
    new ErpError(C.SETUP_MISSING, 'The ERP setup row does not exist. Create it (generateDemoData does) before using the sales operations.'),
  setupFieldMissing: (field: string) =>
    new ErpError(C.SETUP_MISSING, `The ERP setup has no ${field}. Fill in ErpSetup.${field} first.`),
  noSeriesNotFound: (code: string) =>
    new ErpError(C.NO_SERIES_NOT_FOUND, `Number series "${code}" does not exist. Create it or point the setup at an existing series.`),
  noSeriesInvalid: (code: string, no: string) =>
    new ErpError(C.NO_SERIES_INVALID, `Number series "${code}" cannot count on from "${no}": a number must end in digits.`),
  noSeriesConflict: (code: string) =>
    new ErpError(C.NO_SERIES_CONFLICT, `Number series "${code}" was advanced by someone else at the same time. Try again.`, { errorClass: 'transient' }),
  customerNotFound: (no: string) =>
    new ErpError(C.CUSTOMER_NOT_FOUND, `Customer "${no}" does not exist. Use an existing customer no. or create the customer first.`),
  customerBlocked: (no: string, blocked: string, action: string) =>
    new ErpError(C.CUSTOMER_BLOCKED, `Customer "${no}" is blocked (${blocked}), so the order cannot be ${action}. Clear the customer's Blocked field first.`),
  itemNotFound: (no: string) =>
    new ErpError(C.ITEM_NOT_FOUND, `Item "${no}" does not exist. Use an existing item no. or create the item first.`),
  itemBlocked: (no: string, where: string) =>
    new ErpError(C.ITEM_BLOCKED, `Item "${no}" is blocked (${where}). Unblock the item or remove it from the order.`),
  writeInItemMissing: () =>
    new ErpError(C.WRITE_IN_ITEM_MISSING, 'A line has no item no. (a write-in product), and the setup names no write-in item. Set ErpSetup.writeInItemNo.'),
  currencyNotFound: (code: string) =>
    new ErpError(C.CURRENCY_NOT_FOUND, `Currency "${code}" does not exist. Use an existing currency code, or a blank code for the local currency.`),
  exchangeRateMissing: (code: string, date: string) =>
    new ErpError(C.EXCHANGE_RATE_MISSING, `Currency "${code}" has no exchange rate starting on or before ${date}. Add a currency exchange rate.`),
  codeNotFound: (table: string, code: string) =>
    new ErpError(C.CODE_NOT_FOUND, `${table} "${code}" does not exist. Use an existing code or leave it blank.`),
  valueInvalid: (field: string, value: unknown, expected: string) =>
    new ErpError(C.VALUE_INVALID, `${field} ${JSON.stringify(value)} is not valid: expected ${expected}.`),
  quantityNotPositive: (itemNo: string, quantity: unknown) =>
    new ErpError(C.QUANTITY_NOT_POSITIVE, `The quantity of item "${itemNo}" is ${JSON.stringify(quantity)}; it must be greater than 0.`),
  orderNotFound: (no: string) =>
    new ErpError(C.ORDER_NOT_FOUND, `Sales order "${no}" does not exist. It may have been posted already.`),
  orderExists: (no: string) =>
    new ErpError(C.ORDER_EXISTS, `Sales order "${no}" already exists. Choose another number or leave it to the number series.`),
  orderNotOpen: (no: string) =>
    new ErpError(C.ORDER_NOT_OPEN, `Sales order "${no}" is released and cannot be changed. Reopen it first.`),
  orderNotReleased: (no: string) =>
    new ErpError(C.ORDER_NOT_RELEASED, `Sales order "${no}" is open and cannot be posted. Release it first.`),
  orderHasNoLines: (no: string) =>
    new ErpError(C.ORDER_HAS_NO_LINES, `Sales order "${no}" has no lines, so there is nothing to release or post. Add a line first.`),
  documentNotFound: (documentType: string, no: string) =>
    new ErpError(C.DOCUMENT_NOT_FOUND, `Sales ${documentType.toLowerCase()} "${no}" does not exist. Check the number and the document type (Quote or Order).`),
  documentTypeInvalid: (no: string, documentType: unknown, expected: string) =>
    new ErpError(C.DOCUMENT_TYPE_INVALID, `Sales document "${no}" has document type ${JSON.stringify(documentType)}; ${expected}.`),
  archiveVersionNotFound: (documentType: string, no: string, versionNo: number) =>
    new ErpError(C.ARCHIVE_VERSION_NOT_FOUND, `Sales ${documentType.toLowerCase()} "${no}" has no archived version ${versionNo}. List its versions with getArchivedVersions.`),
  noOpenEntry: (customerNo: string, documentNo: string) =>
    new ErpError(C.NO_OPEN_ENTRY, `Customer "${customerNo}" has no open invoice entry for document "${documentNo}" to apply the payment to. Leave appliesToDocNo blank or name an open invoice.`),
};
