import type { InstallationRecord } from '../store/store.ts';

/** The public view of an installation: never a token or secret, not even encrypted. */
export function presentInstallation(record: InstallationRecord) {
  return {
    id: record.id,
    chatwootUrl: record.chatwootUrl,
    accountId: record.accountId,
    status: record.status,
    settings: record.settings,
    provisioned: record.provisioned,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
