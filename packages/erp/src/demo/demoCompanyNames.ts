import type { Prng } from './Prng';

/**
 * Company names for demo customers, mostly distinct as a real customer list's are (a name shared by several customers
 * is the exception there; CUSTOMER matches accounts by name, and a list of a few thousand names repeated over and over
 * would make every full sync's name lookups find the same names again and again). Three patterns over the lists
 * below give about 3 million names: "Cedarbrook Logistics GmbH", "Becker & Rossi Interiors AB", "North Harbour
 * Tools Ltd". A few still repeat, as in real lists: about 20 among 10 000 customers, 1 700 among 100 000.
 */
export function companyName(p: Prng): string {
  // Three draws, as many as the generator's old names took, so that every column drawn after the name is as it was.
  // The first one's 32 bits choose the pattern and both words (about 15 bits are needed).
  let bits = Math.floor(p.next() * 2 ** 32);
  const take = <T>(items: readonly T[]): T => {
    const item = items[bits % items.length]!;
    bits = Math.floor(bits / items.length);
    return item;
  };
  const trade = p.pick(TRADES);
  const form = p.pick(FORMS);
  const pattern = take(PATTERNS);
  if (pattern === 'compound') return `${take(ROOTS)}${take(ENDINGS)} ${trade} ${form}`;
  if (pattern === 'families') return `${take(FAMILIES)} & ${take(FAMILIES)} ${trade} ${form}`;
  return `${take(ROOTS)} ${take(PLACES)} ${trade} ${form}`;
}

/** Four in ten names compound ("Cedarbrook"), three of two families, three of a word and a place. */
const PATTERNS = ['compound', 'compound', 'compound', 'compound', 'families', 'families', 'families', 'place', 'place', 'place'] as const;

const ROOTS = [
  'Alpine', 'Amber', 'Arctic', 'Ash', 'Aspen', 'Atlas', 'Aurora', 'Beacon', 'Birch', 'Blue', 'Bright', 'Bronze', 'Cedar',
  'Clear', 'Cobalt', 'Copper', 'Coral', 'Crystal', 'Delta', 'Eagle', 'East', 'Elm', 'Ember', 'Evergreen', 'Fair', 'Falcon',
  'Fern', 'Fox', 'Frost', 'Golden', 'Granite', 'Green', 'Grey', 'Harbor', 'Hazel', 'High', 'Holly', 'Iron', 'Ivy',
  'Jade', 'Juniper', 'Kestrel', 'Lake', 'Lark', 'Linden', 'Lion', 'Maple', 'Marble', 'Meadow', 'Mill', 'Moss', 'North',
  'Oak', 'Ocean', 'Olive', 'Orion', 'Pine', 'Pioneer', 'Quartz', 'Raven', 'Red', 'River', 'Rock', 'Rose', 'Sage',
  'Silver', 'Sky', 'Slate', 'Snow', 'South', 'Spring', 'Star', 'Stone', 'Summit', 'Sun', 'Swan', 'Thorn', 'Timber',
  'West', 'Willow', 'Wolf',
] as const;

const ENDINGS = [
  'bay', 'bourne', 'bridge', 'brook', 'crest', 'croft', 'dale', 'field', 'ford', 'gate', 'glen', 'grove', 'hall', 'haven',
  'hill', 'hurst', 'land', 'leigh', 'line', 'mark', 'mead', 'mere', 'mont', 'moor', 'point', 'port', 'ridge', 'shaw',
  'side', 'stead', 'stone', 'ton', 'vale', 'view', 'ville', 'water', 'way', 'well', 'wick', 'wood', 'works', 'worth',
] as const;

const FAMILIES = [
  'Andersen', 'Bauer', 'Becker', 'Berg', 'Bianchi', 'Brandt', 'Costa', 'Dahl', 'Dubois', 'Eriksson', 'Fischer', 'Fontaine',
  'Garcia', 'Graf', 'Hansen', 'Hartmann', 'Holm', 'Ivanova', 'Jansen', 'Jensen', 'Keller', 'Koch', 'Kowalski', 'Krause',
  'Lambert', 'Larsen', 'Lindqvist', 'Martin', 'Meyer', 'Moreau', 'Nielsen', 'Novak', 'Olsen', 'Peeters', 'Petrov',
  'Richter', 'Rossi', 'Schmidt', 'Schulz', 'Silva', 'Strand', 'Tanaka', 'Vogel', 'Wagner', 'Weber', 'Wolff', 'Young',
  'Zimmer',
] as const;

const PLACES = [
  'Bay', 'Bridge', 'Canal', 'Castle', 'Cliff', 'Coast', 'Creek', 'Downs', 'Fjord', 'Forest', 'Garden', 'Harbour', 'Heath',
  'Island', 'Lakes', 'Meadows', 'Mountain', 'Park', 'Plains', 'Quay', 'Ridge', 'River', 'Square', 'Valley', 'Wharf',
] as const;

const TRADES = [
  'Trading', 'Supplies', 'Furniture', 'Interiors', 'Logistics', 'Retail', 'Office', 'Design', 'Systems', 'Tools',
  'Workspace', 'Fittings', 'Contracts', 'Solutions', 'Outfitters', 'Wholesale', 'Distribution', 'Projects', 'Partners',
  'Living', 'Home', 'Hospitality', 'Facilities', 'Equipment', 'Industries', 'Imports', 'Concepts', 'Studio', 'Group',
  'Services', 'Goods', 'Craft',
] as const;

const FORMS = ['Ltd', 'GmbH', 'AB', 'A/S', 'Inc', 'BV', 'SA', 'Oy', 'LLC', 'AG', 'SRL', 'plc'] as const;
