/**
 * Every analytics event type Omniloom records (`AnalyticsEventRecord.type`),
 * with who records it. The analytics report reads these names.
 */
export const ANALYTICS_EVENTS = {
  /** A customer message arrived (AI agent or analytics subscriber, once per message id). data.messageId */
  inbound: 'message.inbound',
  /** A conversation was created in Chatwoot (analytics subscriber). */
  conversationCreated: 'conversation.created',
  /** A conversation was resolved (analytics subscriber). data.autoResolved, botReplied, humanReplied, handedOff */
  conversationResolved: 'conversation.resolved',
  /** The AI agent answered the customer (AI agent). data.confidence */
  botAnswer: 'bot.answer',
  /** The AI agent handed the conversation to people (AI agent). data.reason */
  handoff: 'bot.handoff',
  /** A suggested reply was stored for an agent, i.e. shown in the panel (AI agent). */
  suggestionCreated: 'suggestion.created',
  /** Dashboard panel actions on suggestions (dashboard extension). */
  suggestionAccepted: 'suggestion.accepted',
  suggestionEdited: 'suggestion.edited',
  suggestionRejected: 'suggestion.rejected',
  /** Two contacts were merged (identity, mirrored from its audit entry). */
  contactMerged: 'contact.merged',
  /** First public reply after the customer's first message (SLA tracker). data.seconds, by: agent|bot */
  firstResponse: 'response.first',
  /** Public reply to a later customer message (SLA tracker). data.seconds, by */
  nextResponse: 'response.next',
  /** A response clock with an SLA target started (SLA tracker). data.kind, targetMinutes */
  slaStarted: 'sla.started',
  /** A response target is about to be missed (SLA tracker). */
  slaWarning: 'sla.warning',
  /** A response target was missed (SLA tracker). */
  slaBreached: 'sla.breached',
  /** A customer rated the conversation (analytics subscriber, from Chatwoot's CSAT message). data.rating 1–5 */
  csat: 'csat.submitted',
} as const;

export type AnalyticsEventType = (typeof ANALYTICS_EVENTS)[keyof typeof ANALYTICS_EVENTS];
