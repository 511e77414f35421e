import type { DataverseColumn } from './DataverseTableDefinition';
import { double, picklist, text } from './columnBuilders';
import { addressTypeOptions, freightTermsOptions, shippingMethodOptions } from './optionSets';

/** The `address1_*` block of account and contact. */
export function address1Columns(): DataverseColumn[] {
  return [
    text('address1_name', 200),
    text('address1_line1', 250),
    text('address1_line2', 250),
    text('address1_line3', 250),
    text('address1_city', 80),
    text('address1_county', 50),
    text('address1_stateorprovince', 50),
    text('address1_postalcode', 20),
    text('address1_country', 80),
    text('address1_telephone1', 50),
    double('address1_latitude', 5),
    double('address1_longitude', 5),
    picklist('address1_addresstypecode', addressTypeOptions),
    picklist('address1_shippingmethodcode', shippingMethodOptions),
    picklist('address1_freighttermscode', freightTermsOptions),
  ];
}

/** The `shipto_*` or `billto_*` block of orders, invoices and their lines. */
export function documentAddressColumns(prefix: 'shipto' | 'billto'): DataverseColumn[] {
  const columns = [
    text(`${prefix}_name`, 200),
    text(`${prefix}_line1`, 250),
    text(`${prefix}_line2`, 250),
    text(`${prefix}_line3`, 250),
    text(`${prefix}_city`, 80),
    text(`${prefix}_stateorprovince`, 50),
    text(`${prefix}_postalcode`, 20),
    text(`${prefix}_country`, 80),
    text(`${prefix}_telephone`, 50),
    text(`${prefix}_fax`, 50),
    text(`${prefix}_contactname`, 150),
  ];
  if (prefix === 'shipto') columns.push(picklist('shipto_freighttermscode', freightTermsOptions));
  return columns;
}
