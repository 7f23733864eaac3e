import type { InboxRecord } from '../state/records.ts';
import { isoTime } from './format-time.ts';

/** An `inboxes` row as Rails serialises a record (`json.inbox @contact_inbox.inbox` on contact create). */
export function presentInboxRow(inbox: InboxRecord): Record<string, unknown> {
  return {
    id: inbox.id,
    channel_id: inbox.channel.id,
    account_id: inbox.accountId,
    name: inbox.name,
    created_at: isoTime(inbox.createdAt),
    updated_at: isoTime(inbox.updatedAt),
    channel_type: inbox.channel.type,
    enable_auto_assignment: inbox.enableAutoAssignment,
    greeting_enabled: inbox.greetingEnabled,
    greeting_message: inbox.greetingMessage,
    email_address: null,
    working_hours_enabled: inbox.workingHoursEnabled,
    out_of_office_message: inbox.outOfOfficeMessage,
    timezone: inbox.timezone,
    enable_email_collect: inbox.enableEmailCollect,
    csat_survey_enabled: inbox.csatSurveyEnabled,
    allow_messages_after_resolved: inbox.allowMessagesAfterResolved,
    auto_assignment_config: {},
    lock_to_single_conversation: inbox.lockToSingleConversation,
    portal_id: inbox.portalId,
    sender_name_type: inbox.senderNameType,
    business_name: inbox.businessName,
    csat_config: {},
  };
}
