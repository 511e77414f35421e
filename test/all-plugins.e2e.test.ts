// End to end (issue 7 item 10, issue 10 item 13): the ERP in SQLite, the Dataverse emulator over HTTP, every plugin
// of SCENARIO (test/e2e/scenarioPlugins.ts). The first run is a full sync in the seeds' job order; a second and a third
// run write nothing; then a change on each side flows through. What each plugin seeds, expects and checks is its entry;
// the tests are test/e2e/scenarioSuite.ts.
import { SCENARIO } from './e2e/scenarioPlugins';
import { scenarioSuite } from './e2e/scenarioSuite';

scenarioSuite('ERP ⇄ CRM with every plugin', SCENARIO);
