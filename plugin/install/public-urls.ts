/**
 * The URLs Omniloom gives Chatwoot and the channels. Chatwoot's pinned release
 * signs nothing it sends, so every URL Chatwoot calls carries the
 * installation's unguessable secret.
 */
export interface InstallationUrls {
  agentBot: string;
  accountWebhook: string;
  inboxWebhook(channel: string): string;
  channelWebhook(channel: string): string;
  dashboardApp: string;
}

export function installationUrls(publicUrl: string, installationId: string, urlSecret: string): InstallationUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const chatwoot = `${base}/chatwoot/${installationId}/${urlSecret}`;
  return {
    agentBot: `${chatwoot}/bot`,
    accountWebhook: `${chatwoot}/account`,
    inboxWebhook: (channel) => `${chatwoot}/inbox/${channel}`,
    channelWebhook: (channel) => `${base}/webhooks/${channel}/${installationId}`,
    dashboardApp: `${base}/dashboard/${installationId}`,
  };
}
