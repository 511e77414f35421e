import { afterEach } from 'vitest';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';

/**
 * For a test file whose tests each talk to a fresh emulator (in memory, seed 3) through a `DataverseStore`: registers
 * closing the emulator after each test and returns the function that starts one and gives its store.
 */
export function emulatorStores(): () => Promise<DataverseStore> {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:', seed: 3 });
    return new DataverseStore({ client: new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry() }) });
  };
}
