import { TandemError } from '@tandem/core';

/** Stable codes of this plugin. */
export const ItemAvailabilityErrorCodes = {
  OPTIONS_INVALID: 'TANDEM_ITEM_AVAILABILITY_OPTIONS_INVALID',
} as const;

export const itemAvailabilityErrors = {
  optionsInvalid: (problem: string) =>
    new TandemError(ItemAvailabilityErrorCodes.OPTIONS_INVALID, `${ItemAvailabilityErrorCodes.OPTIONS_INVALID}: ${problem}`, { errorClass: 'validation' }),
};
