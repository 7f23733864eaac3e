import type { AccountRecord } from '../state/records.ts';

/** Features Chatwoot enables for a new self-hosted account (`config/features.yml`, `enabled: true`). */
const ENABLED_FEATURES = [
  'inbox_management',
  'team_management',
  'agent_management',
  'labels',
  'custom_attributes',
  'integrations',
  'webhooks',
  'agent_bots',
  'help_center',
  'macros',
  'canned_responses',
  'automations',
  'campaigns',
  'reports',
  'crm',
  'auto_resolve_conversations',
  'channel_email',
  'channel_facebook',
  'channel_website',
  'channel_instagram',
];

/** `app/views/api/v1/models/_account.json.jbuilder` plus `show.json.jbuilder`'s `latest_chatwoot_version`. */
export function presentAccount(account: AccountRecord): Record<string, unknown> {
  return {
    settings: {},
    created_at: account.createdAt.toISOString(),
    domain: account.domain,
    features: Object.fromEntries(ENABLED_FEATURES.map((name) => [name, true])),
    id: account.id,
    locale: account.locale,
    name: account.name,
    support_email: account.supportEmail,
    status: 'active',
    cache_keys: {
      label: String(account.createdAt.getTime()),
      inbox: String(account.createdAt.getTime()),
      team: String(account.createdAt.getTime()),
    },
  };
}
