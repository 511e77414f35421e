/** Fixed word lists and code tables the demo generator draws from. */

export const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Karin', 'Lars', 'Maria', 'Nils',
  'Olivia', 'Paul', 'Rosa', 'Sven', 'Tina', 'Umar', 'Vera', 'Walter', 'Yara', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Andersen', 'Becker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen', 'Keller',
  'Larsen', 'Moreau', 'Novak', 'Olsen', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Vogel', 'Weber', 'Young', 'Zimmer',
] as const;

export const STREETS = ['Main Street', 'Station Road', 'Park Avenue', 'Harbour Lane', 'Market Square', 'Mill Road', 'Church Street'] as const;

export const CITIES = [
  { city: 'London', postCode: 'EC1A 1BB', county: 'Greater London', country: 'GB' },
  { city: 'Manchester', postCode: 'M1 1AE', county: 'Greater Manchester', country: 'GB' },
  { city: 'Berlin', postCode: '10115', county: 'Berlin', country: 'DE' },
  { city: 'Munich', postCode: '80331', county: 'Bavaria', country: 'DE' },
  { city: 'Copenhagen', postCode: '1050', county: 'Capital Region', country: 'DK' },
  { city: 'Stockholm', postCode: '111 20', county: 'Stockholm County', country: 'SE' },
  { city: 'Paris', postCode: '75001', county: 'Île-de-France', country: 'FR' },
  { city: 'Amsterdam', postCode: '1012 JS', county: 'North Holland', country: 'NL' },
  { city: 'Zürich', postCode: '8001', county: 'Zürich', country: 'CH' },
  { city: 'New York', postCode: '10001', county: 'NY', country: 'US' },
  { city: 'Chicago', postCode: '60601', county: 'IL', country: 'US' },
  { city: 'Oslo', postCode: '0150', county: 'Oslo', country: 'NO' },
] as const;

export const ITEM_ADJECTIVES = ['Oak', 'Steel', 'Ergonomic', 'Compact', 'Deluxe', 'Classic', 'Modular', 'Folding', 'Glass', 'Leather'] as const;
export const ITEM_NOUNS = ['Chair', 'Desk', 'Cabinet', 'Lamp', 'Shelf', 'Table', 'Stool', 'Sofa', 'Bench', 'Drawer Unit', 'Whiteboard'] as const;

/**
 * Currencies with ISO codes, symbols and their value in EUR at the start of 2024 (the base of the demo rates).
 * The local currency is left out of the Currency table, as in NAV.
 */
export const CURRENCIES = [
  { code: 'EUR', description: 'Euro', symbol: '€', eurValue: '1', precision: '0.01' },
  { code: 'USD', description: 'US dollar', symbol: '$', eurValue: '0.905', precision: '0.01' },
  { code: 'GBP', description: 'Pound sterling', symbol: '£', eurValue: '1.152', precision: '0.01' },
  { code: 'CHF', description: 'Swiss franc', symbol: 'CHF', eurValue: '1.075', precision: '0.01' },
  { code: 'SEK', description: 'Swedish krona', symbol: 'kr', eurValue: '0.0898', precision: '0.01' },
  { code: 'DKK', description: 'Danish krone', symbol: 'kr.', eurValue: '0.1341', precision: '0.01' },
  { code: 'NOK', description: 'Norwegian krone', symbol: 'kr', eurValue: '0.0889', precision: '0.01' },
  { code: 'JPY', description: 'Japanese yen', symbol: '¥', eurValue: '0.00641', precision: '1' },
] as const;

export const UNITS_OF_MEASURE = [
  { code: 'PCS', description: 'Piece', internationalStandardCode: 'EA' },
  { code: 'BOX', description: 'Box', internationalStandardCode: 'BX' },
  { code: 'SET', description: 'Set', internationalStandardCode: 'SET' },
  { code: 'PACK', description: 'Pack', internationalStandardCode: 'PK' },
  { code: 'KG', description: 'Kilogram', internationalStandardCode: 'KGM' },
  { code: 'M', description: 'Metre', internationalStandardCode: 'MTR' },
  { code: 'HOUR', description: 'Hour', internationalStandardCode: 'HUR' },
] as const;

export const PAYMENT_TERMS = [
  { code: '14 DAYS', description: 'Net 14 days', dueDateCalculation: '14D' },
  { code: '30 DAYS', description: 'Net 30 days', dueDateCalculation: '30D' },
  { code: '1M', description: 'One month', dueDateCalculation: '1M' },
  { code: 'CM', description: 'End of the current month', dueDateCalculation: 'CM' },
  { code: 'COD', description: 'Cash on delivery', dueDateCalculation: '0D' },
] as const;

export const SHIPMENT_METHODS = [
  { code: 'EXW', description: 'Ex works' },
  { code: 'FOB', description: 'Free on board' },
  { code: 'CIF', description: 'Cost, insurance and freight' },
  { code: 'DAP', description: 'Delivered at place' },
  { code: 'PICKUP', description: 'Pickup at warehouse' },
] as const;

export const SHIPPING_AGENTS = [
  { code: 'DHL', name: 'DHL', internetAddress: 'https://www.dhl.com' },
  { code: 'FEDEX', name: 'FedEx', internetAddress: 'https://www.fedex.com' },
  { code: 'UPS', name: 'UPS', internetAddress: 'https://www.ups.com' },
  { code: 'DPD', name: 'DPD', internetAddress: 'https://www.dpd.com' },
  { code: 'OWN LOG.', name: 'Own logistics', internetAddress: null },
] as const;

export const JOB_TITLES = ['Purchasing Manager', 'Office Manager', 'Buyer', 'Managing Director', 'Facility Manager', 'Accountant'] as const;

export const OPPORTUNITY_TOPICS = ['Office refit', 'New branch', 'Meeting rooms', 'Reception area', 'Warehouse shelving', 'Yearly supply'] as const;

export const NOTE_TEXTS = [
  'Deliver to the back entrance, before 10:00.',
  'Customer asked for a call before shipping.',
  'Gift wrap the small items.',
  'Invoice to the head office, reference on every page.',
  'Partial delivery is fine.',
] as const;
