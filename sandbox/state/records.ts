/**
 * In-memory records of the sandbox, one type per Chatwoot table the sandbox models.
 * Field names follow Chatwoot's columns (camelCased); presenters turn them into Chatwoot's JSON shapes.
 */

/** Conversation status enum (`Conversation.statuses`). */
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
/** Conversation priority enum (`Conversation.priorities`). */
export type ConversationPriority = 'low' | 'medium' | 'high' | 'urgent';
/** Message type enum (`Message.message_types`). */
export type MessageType = 'incoming' | 'outgoing' | 'activity' | 'template';
/** Message delivery status enum (`Message.statuses`). */
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed';
/** Role of a user inside an account. */
export type AccountRole = 'administrator' | 'agent';

/** Every Chatwoot channel type the sandbox can host. */
export const CHANNEL_TYPES = [
  'Channel::Api',
  'Channel::WebWidget',
  'Channel::Whatsapp',
  'Channel::FacebookPage',
  'Channel::Instagram',
  'Channel::Telegram',
  'Channel::Line',
  'Channel::Sms',
  'Channel::TwilioSms',
  'Channel::Email',
] as const;
/** A Chatwoot channel type (`inboxes.channel_type`). */
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** `accounts` row. */
export interface AccountRecord {
  id: number;
  name: string;
  locale: string;
  domain: string | null;
  supportEmail: string | null;
  createdAt: Date;
}

/** A user's membership in an account (`account_users`). */
export interface AccountUserRecord {
  accountId: number;
  role: AccountRole;
  availability: 'online' | 'offline' | 'busy';
  autoOffline: boolean;
  inviterId: number | null;
  activeAt: Date | null;
}

/** `users` row plus its access token and memberships. */
export interface UserRecord {
  id: number;
  name: string;
  displayName: string | null;
  email: string;
  accessToken: string;
  pubsubToken: string;
  uiSettings: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  messageSignature: string | null;
  accounts: AccountUserRecord[];
  createdAt: Date;
}

/** Channel row; one shape for every channel type, unused fields stay undefined. */
export interface ChannelRecord {
  id: number;
  type: ChannelType;
  /** API channel: where conversation/message events of the inbox are posted. */
  webhookUrl?: string | null;
  /** API + web widget: identity verification secret (`hmac_token`). */
  hmacToken?: string;
  hmacMandatory?: boolean;
  /** API channel: public client API identifier. */
  identifier?: string;
  additionalAttributes?: Record<string, unknown>;
  websiteToken?: string;
  websiteUrl?: string | null;
  widgetColor?: string;
  welcomeTitle?: string | null;
  welcomeTagline?: string | null;
  phoneNumber?: string | null;
  provider?: string | null;
  medium?: 'sms' | 'whatsapp';
  email?: string | null;
  pageId?: string | null;
  instagramId?: string | null;
  botName?: string | null;
  lineChannelId?: string | null;
  messagingServiceSid?: string | null;
  accountSid?: string | null;
}

/** `inboxes` row with its channel. */
export interface InboxRecord {
  id: number;
  accountId: number;
  name: string;
  channel: ChannelRecord;
  greetingEnabled: boolean;
  greetingMessage: string | null;
  enableEmailCollect: boolean;
  csatSurveyEnabled: boolean;
  enableAutoAssignment: boolean;
  workingHoursEnabled: boolean;
  outOfOfficeMessage: string | null;
  timezone: string;
  allowMessagesAfterResolved: boolean;
  lockToSingleConversation: boolean;
  senderNameType: 'friendly' | 'professional';
  businessName: string | null;
  portalId: number | null;
  memberIds: Set<number>;
  createdAt: Date;
  updatedAt: Date;
}

/** `agent_bots` row with its access token. */
export interface AgentBotRecord {
  id: number;
  accountId: number | null;
  name: string;
  description: string | null;
  outgoingUrl: string | null;
  botConfig: Record<string, unknown>;
  accessToken: string;
  createdAt: Date;
}

/** `agent_bot_inboxes` row: at most one per inbox. */
export interface AgentBotInboxRecord {
  inboxId: number;
  agentBotId: number;
  accountId: number;
  status: 'active' | 'inactive';
}

/** `teams` row with its members. */
export interface TeamRecord {
  id: number;
  accountId: number;
  name: string;
  description: string | null;
  allowAutoAssign: boolean;
  memberIds: Set<number>;
  createdAt: Date;
  updatedAt: Date;
}

/** `contacts` row. */
export interface ContactRecord {
  id: number;
  accountId: number;
  name: string;
  email: string | null;
  phoneNumber: string | null;
  identifier: string | null;
  blocked: boolean;
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  contactType: 'visitor' | 'lead' | 'customer';
  labels: string[];
  lastActivityAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `contact_inboxes` row: a contact's address (`source_id`) in one inbox. */
export interface ContactInboxRecord {
  id: number;
  contactId: number;
  inboxId: number;
  sourceId: string;
  hmacVerified: boolean;
  pubsubToken: string;
  createdAt: Date;
  updatedAt: Date;
}

/** `conversations` row. `displayId` is the per-account id used in URLs and payloads. */
export interface ConversationRecord {
  id: number;
  accountId: number;
  inboxId: number;
  contactId: number;
  contactInboxId: number;
  displayId: number;
  uuid: string;
  status: ConversationStatus;
  priority: ConversationPriority | null;
  assigneeId: number | null;
  assigneeAgentBotId: number | null;
  teamId: number | null;
  labels: string[];
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  snoozedUntil: Date | null;
  waitingSince: Date | null;
  firstReplyCreatedAt: Date | null;
  agentLastSeenAt: Date | null;
  assigneeLastSeenAt: Date | null;
  contactLastSeenAt: Date | null;
  lastActivityAt: Date | null;
  muted: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who sent a message (`messages.sender_type` + `sender_id`). */
export type SenderRef =
  { type: 'Contact'; id: number } | { type: 'User'; id: number } | { type: 'AgentBot'; id: number } | null;

/** `attachments` row; file bytes live in the blob store. */
export interface AttachmentRecord {
  id: number;
  messageId: number;
  accountId: number;
  fileType: 'image' | 'audio' | 'video' | 'file' | 'location' | 'fallback' | 'contact';
  extension: string | null;
  blobKey: string | null;
  fileName: string | null;
  byteSize: number;
  width: number | null;
  height: number | null;
  externalUrl: string | null;
  coordinatesLat: number | null;
  coordinatesLong: number | null;
  fallbackTitle: string | null;
  meta: Record<string, unknown> | null;
}

/** `messages` row. `conversationId` is the conversation's database id. */
export interface MessageRecord {
  id: number;
  accountId: number;
  inboxId: number;
  conversationId: number;
  messageType: MessageType;
  contentType: string;
  content: string | null;
  private: boolean;
  status: MessageStatus;
  sourceId: string | null;
  sender: SenderRef;
  contentAttributes: Record<string, unknown>;
  additionalAttributes: Record<string, unknown>;
  externalSourceIds: Record<string, unknown>;
  echoId: string | null;
  attachments: AttachmentRecord[];
  createdAt: Date;
  updatedAt: Date;
}

/** An uploaded file kept in memory and served back at its data_url. */
export interface BlobRecord {
  key: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** `dashboard_apps` row. */
export interface DashboardAppRecord {
  id: number;
  accountId: number;
  userId: number | null;
  title: string;
  content: Array<{ type: string; url: string }>;
  createdAt: Date;
  updatedAt: Date;
}

/** `webhooks` row (account webhooks). */
export interface WebhookRecord {
  id: number;
  accountId: number;
  inboxId: number | null;
  name: string | null;
  url: string;
  subscriptions: string[];
  webhookType: 'account_type' | 'inbox_type';
  createdAt: Date;
}

/** `custom_attribute_definitions` row. */
export interface CustomAttributeDefinitionRecord {
  id: number;
  accountId: number;
  attributeDisplayName: string;
  attributeKey: string;
  attributeDisplayType: 'text' | 'number' | 'currency' | 'percent' | 'link' | 'date' | 'list' | 'checkbox';
  attributeModel: 'conversation_attribute' | 'contact_attribute';
  attributeDescription: string | null;
  attributeValues: string[];
  defaultValue: string | null;
  regexPattern: string | null;
  regexCue: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `portals` row. */
export interface PortalRecord {
  id: number;
  accountId: number;
  name: string;
  slug: string;
  pageTitle: string | null;
  headerText: string | null;
  color: string | null;
  homepageLink: string | null;
  customDomain: string | null;
  archived: boolean;
  config: { default_locale: string; allowed_locales: string[] };
  createdAt: Date;
  updatedAt: Date;
}

/** `categories` row. */
export interface CategoryRecord {
  id: number;
  accountId: number;
  portalId: number;
  name: string;
  slug: string;
  locale: string;
  description: string | null;
  position: number | null;
  icon: string | null;
  parentCategoryId: number | null;
  associatedCategoryId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Article status enum (`Article.statuses`). */
export type ArticleStatus = 'draft' | 'published' | 'archived';

/** `articles` row. */
export interface ArticleRecord {
  id: number;
  accountId: number;
  portalId: number;
  categoryId: number | null;
  authorId: number;
  title: string;
  slug: string;
  content: string;
  description: string | null;
  status: ArticleStatus;
  position: number | null;
  locale: string;
  meta: Record<string, unknown>;
  views: number | null;
  associatedArticleId: number | null;
  createdAt: Date;
  updatedAt: Date;
}
