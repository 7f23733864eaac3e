import type { ChatwootConversation } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import { saveAnswerRecord, type AnswerRecord } from './answer-record.ts';
import type { BotDeps } from './bot-deps.ts';
import type { ConversationFacts } from './conversation-facts.ts';
import { applyHandoffRouting } from './handoff/apply-handoff-routing.ts';
import { formatHandoffNote } from './handoff/format-handoff-note.ts';
import { handoffMessageFor } from './reply/customer-messages.ts';
import { renderForChannel } from './reply/post-bot-message.ts';
import { suggestOnce } from './suggest/suggest-once.ts';

/** True while the bot may still speak: pending, and no agent assigned. */
export function isBotHeld(conversation: Pick<ChatwootConversation, 'status' | 'meta'>): boolean {
  const assigneeType = conversation.meta?.assignee_type?.toLowerCase();
  return conversation.status === 'pending' && assigneeType !== 'user';
}

/**
 * Carries out a planned answer, step by step, saving progress after each
 * step so a retried job skips what is done:
 *
 * - reply: check the conversation is still the bot's (a person may have
 *   taken over while the answer was drafted; then it becomes a suggestion),
 *   then post the answer as the agent bot, rendered for the channel;
 * - hand-off: tell the customer what happens next, in their language
 *   (reply/customer-messages.ts, or the installation's own settings.ai.handoffMessage),
 *   open the conversation with the bot's token (Chatwoot's bot_handoff),
 *   route it, and leave a private note with the reason, the draft and its
 *   sources; the draft also becomes a suggestion for whoever picks it up.
 */
export async function carryOutAnswer(
  deps: BotDeps,
  installation: InstallationContext,
  facts: ConversationFacts,
  record: AnswerRecord,
): Promise<void> {
  const kv = deps.store.kv;
  const conversationId = facts.conversationId;
  const step = async (name: string, work: () => Promise<void>): Promise<void> => {
    if (record.steps.includes(name)) return;
    await work();
    record.steps.push(name);
    await saveAnswerRecord(kv, facts.installationId, record);
  };
  let bot = installation.bot;
  if (!bot) {
    deps.logger.warn(
      { installationId: facts.installationId },
      'no agent bot token stored (reinstall to repair): acting with the administrator token',
    );
    bot = installation.chatwoot;
  }
  const post = async (prefix: string, markdown: string): Promise<void> => {
    const parts = renderForChannel(markdown, facts.channelType);
    for (const [index, part] of parts.entries()) {
      await step(`${prefix}:${index}`, async () => {
        const message = await bot.createMessage(conversationId, { content: part, message_type: 'outgoing' });
        record.postedMessageIds.push(message.id);
      });
    }
  };

  if (record.action === 'reply') {
    await step('recheck', async () => {
      const current = await installation.chatwoot.getConversation(conversationId);
      if (!isBotHeld(current)) record.action = 'silent';
    });
    if (record.action === 'reply') await post('message', record.draft);
  }

  if (record.action === 'handoff') {
    await post('handoff-message', handoffMessageFor(installation.settings.ai, record.language));
    await step('open', async () => {
      await bot.toggleConversationStatus(conversationId, 'open');
    });
    await step('routing', async () => {
      try {
        record.routing = await applyHandoffRouting(
          installation,
          {
            id: conversationId,
            inboxId: facts.inboxId,
            channel: facts.channel,
            language: record.language,
            text: facts.text,
            contactAttributes: facts.contactAttributes,
            labels: facts.labels,
            sources: record.sources.map((source) => ({
              title: source.title,
              documentId: source.documentId,
              ...(source.heading ? { heading: source.heading } : {}),
            })),
          },
          record.reason ?? { code: 'low_confidence' },
          { now: deps.now(), logger: deps.logger, store: deps.store },
        );
      } catch (error) {
        // A wrong team id in a rule must not keep the note from the team: the note says routing failed.
        deps.logger.error(
          { err: error, installationId: facts.installationId, conversationId },
          'hand-off routing failed; check settings.routing.rules',
        );
        record.routing = {
          rule: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
        };
      }
    });
    await step('note', async () => {
      const note = formatHandoffNote({
        reason: record.reason ?? { code: 'low_confidence' },
        question: record.question,
        draft: record.draft,
        confidence: record.draft ? record.confidence : undefined,
        threshold: record.threshold,
        generator: record.generator,
        sources: record.sources,
        routing: record.routing,
      });
      await bot.createMessage(conversationId, { content: note, private: true, message_type: 'outgoing' });
    });
  }

  if (record.action !== 'reply' && record.useful) {
    await step('suggestion', async () => {
      await suggestOnce(deps, facts, async () => ({
        reply: record.draft,
        confidence: record.confidence,
        sources: record.sources,
        language: record.language,
        extractive: record.extractive,
      }));
    });
  }
  record.stage = 'done';
  await saveAnswerRecord(kv, facts.installationId, record);
}
