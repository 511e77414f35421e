import { TandemError } from '@tandem/core';

/** The example plugin's own error codes (a plugin keeps a catalogue like core's `ErrorCodes`). */
export const CampaignErrorCodes = {
  DATES_INVALID: 'TANDEM_CAMPAIGN_DATES_INVALID',
} as const;

/** Message factories; each message starts with its code and says how to fix the record. */
export const campaignErrors = {
  datesInvalid: (side: 'ERP campaign' | 'CRM campaign', id: string, start: string, end: string) =>
    new TandemError(
      CampaignErrorCodes.DATES_INVALID,
      `${CampaignErrorCodes.DATES_INVALID}: ${side} ${id} ends (${end}) before it starts (${start}); correct the dates and it is synchronized on the next run`,
      { errorClass: 'validation' },
    ),
};
