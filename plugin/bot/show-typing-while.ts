import type { InstallationContext } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';

/**
 * Runs `work` with the typing indicator on, and always switches it off
 * afterwards, whatever `work` does (returns, stays silent, throws). Chatwoot
 * does not let agent-bot tokens toggle typing, so this uses the
 * administrator's token; a failure only costs the indicator.
 */
export async function showTypingWhile<T>(
  installation: InstallationContext,
  conversationId: number,
  logger: Logger,
  work: () => Promise<T>,
): Promise<T> {
  try {
    await installation.chatwoot.toggleConversationTyping(conversationId, 'on');
  } catch (error) {
    logger.debug({ err: error, conversationId }, 'typing indicator not shown');
  }
  try {
    return await work();
  } finally {
    // Also after a failed "on": a timed-out request may still have switched it on.
    await installation.chatwoot.toggleConversationTyping(conversationId, 'off').catch((error: unknown) => {
      logger.warn({ err: error, conversationId }, 'typing indicator could not be switched off');
    });
  }
}
