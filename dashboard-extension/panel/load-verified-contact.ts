import type { ChatwootContact } from '../../plugin/chatwoot/types.ts';
import type { InstallationContext } from '../../plugin/install/installation-directory.ts';
import { asPanelError } from './load-verified-conversation.ts';

/** The contact as Chatwoot has it in the installation's account; 404 when the id is not there. */
export async function loadVerifiedContact(
  installation: InstallationContext,
  contactId: number,
): Promise<ChatwootContact> {
  try {
    return await installation.chatwoot.getContact(contactId);
  } catch (error) {
    throw asPanelError(error, `Contact ${contactId} is not in this Chatwoot account.`);
  }
}
