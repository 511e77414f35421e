import { EntitySchema } from '@mikro-orm/core';

/**
 * One row per customer whose statistics reached the CRM (BC's "Statistics Uploaded" on the coupling): the job's first
 * pass sends every coupled customer that has none, the second only customers with new activity.
 */
export interface CrmStatisticsUpload {
  customerNo: string;
  /** The `nav_accountstatistics` row it was written to. */
  statisticsId: string;
  uploadedAt: Date;
}

export const CrmStatisticsUploadSchema = new EntitySchema<CrmStatisticsUpload>({
  name: 'CrmStatisticsUpload',
  tableName: 'tandem_crm_statistics_upload',
  properties: {
    customerNo: { type: 'string', length: 20, primary: true },
    statisticsId: { type: 'uuid' },
    uploadedAt: { type: 'datetime' },
  },
});
