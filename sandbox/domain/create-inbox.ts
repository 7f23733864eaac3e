import { generateSecureToken } from '../state/generate-tokens.ts';
import type { ChannelRecord, ChannelType, InboxRecord } from '../state/records.ts';
import { RecordInvalidError } from './errors.ts';
import type { SandboxContext } from './sandbox-context.ts';

/** Inbox-level settings accepted on create and update (`InboxesController#inbox_attributes`). */
export interface InboxSettings {
  name?: string;
  greeting_enabled?: boolean;
  greeting_message?: string | null;
  enable_email_collect?: boolean;
  csat_survey_enabled?: boolean;
  enable_auto_assignment?: boolean;
  working_hours_enabled?: boolean;
  out_of_office_message?: string | null;
  timezone?: string;
  allow_messages_after_resolved?: boolean;
  lock_to_single_conversation?: boolean;
  portal_id?: number | null;
  sender_name_type?: 'friendly' | 'professional';
  business_name?: string | null;
}

/** Default channel attributes per channel type (secure tokens like `has_secure_token`). */
export function defaultChannel(state: SandboxContext['state'], type: ChannelType): ChannelRecord {
  const channel: ChannelRecord = { id: state.nextId('channels'), type };
  switch (type) {
    case 'Channel::Api':
      Object.assign(channel, {
        webhookUrl: null,
        hmacToken: generateSecureToken(),
        hmacMandatory: false,
        identifier: generateSecureToken(),
        additionalAttributes: {},
      });
      break;
    case 'Channel::WebWidget':
      Object.assign(channel, {
        websiteToken: generateSecureToken(),
        hmacToken: generateSecureToken(),
        hmacMandatory: false,
        websiteUrl: 'https://www.example.com',
        widgetColor: '#1f93ff',
        welcomeTitle: null,
        welcomeTagline: null,
      });
      break;
    case 'Channel::Whatsapp':
      Object.assign(channel, { phoneNumber: '+15550000001', provider: 'whatsapp_cloud' });
      break;
    case 'Channel::Sms':
      Object.assign(channel, { phoneNumber: '+15550000002', provider: 'default' });
      break;
    case 'Channel::TwilioSms':
      Object.assign(channel, {
        phoneNumber: '+15550000003',
        medium: 'sms',
        accountSid: 'ACsandbox',
        messagingServiceSid: null,
      });
      break;
    case 'Channel::Email':
      Object.assign(channel, { email: 'support@sandbox.example' });
      break;
    case 'Channel::FacebookPage':
      Object.assign(channel, { pageId: '100000000000001' });
      break;
    case 'Channel::Instagram':
      Object.assign(channel, { instagramId: '17800000000000001' });
      break;
    case 'Channel::Telegram':
      Object.assign(channel, { botName: 'sandbox_bot' });
      break;
    case 'Channel::Line':
      Object.assign(channel, { lineChannelId: '2000000001' });
      break;
  }
  return channel;
}

/** Validate API channel attributes (`Channel::Api#ensure_valid_agent_reply_time_window`). */
export function validateChannel(channel: ChannelRecord): void {
  const window = channel.additionalAttributes?.agent_reply_time_window;
  if (window === undefined || window === null || window === '') return;
  if (Number.parseInt(String(window), 10) > 0) return;
  throw new RecordInvalidError([
    ['agent_reply_time_window', 'agent_reply_time_window must be greater than 0'],
  ]);
}

/** Apply inbox settings that were given. */
export function applyInboxSettings(inbox: InboxRecord, settings: InboxSettings): void {
  const map: Record<keyof InboxSettings, keyof InboxRecord> = {
    name: 'name',
    greeting_enabled: 'greetingEnabled',
    greeting_message: 'greetingMessage',
    enable_email_collect: 'enableEmailCollect',
    csat_survey_enabled: 'csatSurveyEnabled',
    enable_auto_assignment: 'enableAutoAssignment',
    working_hours_enabled: 'workingHoursEnabled',
    out_of_office_message: 'outOfOfficeMessage',
    timezone: 'timezone',
    allow_messages_after_resolved: 'allowMessagesAfterResolved',
    lock_to_single_conversation: 'lockToSingleConversation',
    portal_id: 'portalId',
    sender_name_type: 'senderNameType',
    business_name: 'businessName',
  };
  for (const [key, value] of Object.entries(settings) as Array<[keyof InboxSettings, unknown]>) {
    if (value !== undefined) (inbox as unknown as Record<string, unknown>)[map[key]] = value;
  }
  if (!inbox.name) throw new RecordInvalidError([['name', "can't be blank"]]);
}

/** Create an inbox with its channel in an account. */
export function createInbox(
  context: SandboxContext,
  accountId: number,
  channel: ChannelRecord,
  settings: InboxSettings,
): InboxRecord {
  const now = context.now();
  const inbox: InboxRecord = {
    id: 0,
    accountId,
    name: '',
    channel,
    greetingEnabled: false,
    greetingMessage: null,
    enableEmailCollect: true,
    csatSurveyEnabled: false,
    enableAutoAssignment: true,
    workingHoursEnabled: false,
    outOfOfficeMessage: null,
    timezone: 'UTC',
    allowMessagesAfterResolved: true,
    lockToSingleConversation: false,
    senderNameType: 'friendly',
    businessName: null,
    portalId: null,
    memberIds: new Set(),
    createdAt: now,
    updatedAt: now,
  };
  applyInboxSettings(inbox, settings);
  validateChannel(channel);
  inbox.id = context.state.nextId('inboxes');
  context.state.inboxes.set(inbox.id, inbox);
  return inbox;
}

/**
 * Delete an inbox with everything that hangs off it (what `DeleteObjectJob` ends up doing): contact
 * inboxes, conversations, messages, the agent bot link and its webhooks.
 */
export function deleteInbox(context: SandboxContext, inbox: InboxRecord): void {
  const { state } = context;
  for (const conversation of [...state.conversations.values()]) {
    if (conversation.inboxId !== inbox.id) continue;
    for (const message of state.messagesOf(conversation.id)) state.messages.delete(message.id);
    state.conversations.delete(conversation.id);
  }
  for (const row of [...state.contactInboxes.values()])
    if (row.inboxId === inbox.id) state.contactInboxes.delete(row.id);
  for (const webhook of [...state.webhooks.values()])
    if (webhook.inboxId === inbox.id) state.webhooks.delete(webhook.id);
  state.agentBotInboxes.delete(inbox.id);
  state.inboxes.delete(inbox.id);
}
