/** The CLI's exit codes: success, records failed (or the run stopped), usage or configuration error. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
