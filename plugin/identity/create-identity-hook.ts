import { channelUserKey } from '../bridge/resolve-thread.ts';
import type { AfterInboundHook } from '../bridge/process-inbound.ts';
import { normalizePhone, type CountryCode } from '../channels/identity/normalize-phone.ts';
import type { Identifier, InboundMessageEvent } from '../messages/normalized-message.ts';
import { CONTACT_CARD_SOURCE } from './read-chatwoot-identity.ts';
import { extractClaimedIdentifiers } from './extract-claimed-identifiers.ts';
import type { JobQueue } from '../queue/queue.ts';
import { enqueueIdentityJob } from './reconcile-queue.ts';

/**
 * The identity step of the bridge: after each channel message is in
 * Chatwoot, the sender's identifiers as the connector reports them (verified
 * where the platform vouches, e.g. Slack's `users.info` email), the
 * channel account itself, and whatever the customer typed (claims) are
 * queued for reconciliation with every other contact (`startIdentityWorker`).
 */
export function createIdentityAfterInbound(deps: { queue: JobQueue }): AfterInboundHook {
  return async (delivered) => {
    const { installation, event, channel } = delivered;
    const region = installation.settings.identity.defaultRegion;
    const identifiers: Identifier[] = [
      ...event.sender.identifiers,
      {
        type: 'channel_user',
        value: channelUserKey(channel, event),
        verified: true,
        source: `${channel}:sender`,
      },
      ...extractClaimedIdentifiers(event.text, { defaultRegion: region }),
      ...sharedContactCards(event, region),
    ];
    await enqueueIdentityJob(
      deps.queue,
      {
        installationId: installation.record.id,
        contactId: delivered.contactId,
        identifiers,
        conversationId: delivered.conversationId,
        trigger: `bridge:${channel}`,
      },
      `${channel}:${event.channelMessageId}`,
    );
  };
}

/**
 * Contact cards in the message. Whose card it is cannot be told from the
 * attachment, so it is a claim; a connector that can prove the sender shared
 * their own number (Telegram's `contact.user_id === from.id`) reports it as a
 * verified sender identifier instead.
 */
function sharedContactCards(event: InboundMessageEvent, region: string): Identifier[] {
  const cards: Identifier[] = [];
  for (const attachment of event.attachments) {
    if (attachment.kind !== 'contact' || !attachment.contact?.phone) continue;
    const phone = normalizePhone(attachment.contact.phone, region as CountryCode);
    if (phone) cards.push({ type: 'phone', value: phone, verified: false, source: CONTACT_CARD_SOURCE });
  }
  return cards;
}
