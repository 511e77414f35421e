// The end-to-end scenario with the unit-of-measure plugin's feature switch on (multipleUnitsOfMeasure, the seed's
// "Multiple Units of Measure Synchronization"): the same SCENARIO, with UNIT GROUP, ITEM UOM and RESOURCE UOM in place of
// UNIT OF MEASURE. Products take their own unit group and their base unit's CRM unit, price list items the item's unit
// (ITEM UOM); the first run syncs everything in the seeds' job order, a second and a third run write nothing.
import { unitGroups } from './e2e/entries/unitGroups';
import { unitOfMeasure } from './e2e/entries/unitOfMeasure';
import { SCENARIO } from './e2e/scenarioPlugins';
import { scenarioSuite } from './e2e/scenarioSuite';

scenarioSuite('ERP ⇄ CRM with every plugin, multiple units of measure', SCENARIO.map((entry) => (entry === unitOfMeasure ? unitGroups : entry)));
