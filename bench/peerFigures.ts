import { microsPerRecord, type Timed } from './measure';

/**
 * The figures of a peer script's timed run (scenarios 6 and 7): its rows per second, and the CPU per record of the
 * script (this process) and of its emulator.
 */
export function peerFigures(run: Timed<unknown>, records: number) {
  return {
    records,
    seconds: run.seconds,
    recordsPerSec: records / run.seconds,
    cpuMicrosPerRecord: microsPerRecord(run.cpuSeconds, records),
    emulatorCpuMicrosPerRecord: microsPerRecord(run.emulatorCpuSeconds, records),
  };
}
