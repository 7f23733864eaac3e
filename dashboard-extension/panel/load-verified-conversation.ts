import type { ChatwootConversation } from '../../plugin/chatwoot/types.ts';
import { BadRequestError, ChatwootApiError, NotFoundError } from '../../plugin/errors.ts';
import type { InstallationContext } from '../../plugin/install/installation-directory.ts';

/**
 * The conversation as Chatwoot knows it in the installation's account. The
 * panel's context arrives as an unsigned postMessage, so every request that
 * names a conversation fetches it here with the installation's own client:
 * Chatwoot's account-scoped API answers 404 for an id that is not in the
 * account, and that is what the panel gets back.
 */
export async function loadVerifiedConversation(
  installation: InstallationContext,
  conversationId: number,
): Promise<ChatwootConversation> {
  let conversation: ChatwootConversation;
  try {
    conversation = await installation.chatwoot.getConversation(conversationId);
  } catch (error) {
    throw asPanelError(error, `Conversation ${conversationId} is not in this Chatwoot account.`);
  }
  if (conversation.account_id !== undefined && conversation.account_id !== installation.record.accountId) {
    throw new NotFoundError(`Conversation ${conversationId} is not in this Chatwoot account.`);
  }
  return conversation;
}

/**
 * Chatwoot's "not found" becomes the panel's 404; Chatwoot refusing the
 * installation's token or failing becomes a 502 that says where to look.
 */
export function asPanelError(error: unknown, notFound: string): unknown {
  if (!(error instanceof ChatwootApiError)) return error;
  if (error.status === 404) return new NotFoundError(notFound);
  if (error.status === 401 || error.status === 403) {
    return new BadRequestError(
      'Chatwoot refused the installation’s access token; an administrator should repair the installation.',
      502,
      'upstream_error',
    );
  }
  return new BadRequestError('Chatwoot did not answer; try again in a moment.', 502, 'upstream_error');
}

/** Parses a positive integer path or body value, or throws a 400 naming it. */
export function positiveId(value: unknown, name: string): number {
  const text = String(value ?? '');
  if (!/^\d{1,12}$/.test(text) || Number(text) <= 0)
    throw new BadRequestError(`${name} must be a positive integer.`);
  return Number(text);
}
