/**
 * How a failed record is classified, which decides what happens next: `throttled` and `transient` are retried on
 * the next run without counting towards skipping; `validation`, `conflict` and `permanent` are retried too, and the
 * same error twice in a row parks the record as skipped.
 */
export type ErrorClass = 'throttled' | 'transient' | 'validation' | 'conflict' | 'permanent';
