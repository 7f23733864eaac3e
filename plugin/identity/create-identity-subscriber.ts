import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import type { InstallationContext, InstallationDirectory } from '../install/installation-directory.ts';
import type { IdentityDeps } from './merge-contact-pair.ts';
import {
  readContactIdentity,
  readMessageIdentity,
  type ChatwootIdentityFacts,
} from './read-chatwoot-identity.ts';
import { reconcileContactIdentity } from './reconcile-contact-identity.ts';

/**
 * Identity for Chatwoot's native inboxes: every customer message and every
 * contact created or edited (account webhook) is reconciled like a bridged
 * message is. Messages in Omniloom's own API inboxes are skipped here: the
 * bridge reconciles them with the connector's richer sender identifiers.
 */
export function createIdentitySubscriber(
  deps: IdentityDeps & { directory: InstallationDirectory },
): ChatwootEventSubscriber {
  return {
    name: 'identity',
    receivers: ['account'],
    events: ['message_created', 'contact_created', 'contact_updated'],
    concurrency: 4,
    async handle(job) {
      const installation = await deps.directory.get(job.installationId);
      if (!installation) return;
      const region = installation.settings.identity.defaultRegion;
      let facts: ChatwootIdentityFacts | undefined;
      if (job.event === 'message_created') {
        facts = readMessageIdentity(job.payload, region);
        if (facts?.inboxId !== undefined && isBridgedInbox(installation, facts.inboxId)) return;
      } else {
        facts = readContactIdentity(job.payload, region);
      }
      if (!facts || facts.identifiers.length === 0) return;
      await reconcileContactIdentity(deps, installation, {
        contactId: facts.contactId,
        identifiers: facts.identifiers,
        ...(facts.conversationId ? { conversationId: facts.conversationId } : {}),
        trigger: job.event,
      });
    },
  };
}

function isBridgedInbox(installation: InstallationContext, inboxId: number): boolean {
  return Object.values(installation.record.provisioned.apiInboxes ?? {}).includes(inboxId);
}
