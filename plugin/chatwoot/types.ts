/**
 * The Chatwoot objects and request bodies the typed methods speak, built on the
 * generated schemas. Chatwoot's swagger.json marks nearly every field optional
 * and gets several envelopes wrong, so where the jbuilder views always render a
 * field (see /work/shared/chatwoot/README.md, written from Chatwoot's source) the
 * types here make it required; the supplement spec's schemas are already precise.
 */
import type { components as ApiComponents } from './generated/chatwoot-api.ts';
import type {
  components as SupplementComponents,
  operations as SupplementOperations,
} from './generated/chatwoot-supplement.ts';

type ApiSchemas = ApiComponents['schemas'];
type SupplementSchemas = SupplementComponents['schemas'];

/** `T` with the keys `K` present and non-null. */
export type WithRequired<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

/** Free-form JSON objects (`custom_attributes`, `additional_attributes`, `content_attributes`). */
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------- account

/** `GET /api/v1/profile`: the user owning the token. */
export type ChatwootProfile = WithRequired<ApiSchemas['user'], 'id' | 'name' | 'email'>;

/** An agent of the account (`api/v1/models/_agent.json.jbuilder`). */
export type ChatwootAgent = WithRequired<ApiSchemas['agent'], 'id' | 'name'>;

/** A team; also what an assignment with `team_id` returns. */
export type ChatwootTeam = WithRequired<ApiSchemas['team'], 'id' | 'name'>;

// ---------------------------------------------------------------- inboxes

/**
 * An inbox (`api/v1/models/_inbox.json.jbuilder`). API-channel inboxes add
 * `webhook_url`, `inbox_identifier` and, for administrators only, `hmac_token`.
 */
export type ChatwootInbox = WithRequired<ApiSchemas['inbox'], 'id' | 'name' | 'channel_type'> & {
  webhook_url?: string | null;
  inbox_identifier?: string;
  hmac_token?: string;
  additional_attributes?: JsonObject;
};

/** Editable fields of an API channel (`Channel::Api::EDITABLE_ATTRS`). */
export interface ApiChannelFields {
  webhook_url?: string;
  hmac_mandatory?: boolean;
  /** `agent_reply_time_window` must be a positive integer when set. */
  additional_attributes?: JsonObject;
}

type InboxFields = Omit<ApiSchemas['inbox_create_payload'], 'channel' | 'name'>;

/** Body of `createApiInbox`: inbox fields plus the API channel's fields. */
export type CreateApiInboxInput = InboxFields & { name: string; channel?: ApiChannelFields };

/** Body of `updateInbox`; the channel type is fixed at creation. */
export type UpdateInboxInput = InboxFields & { name?: string; channel?: ApiChannelFields };

// ---------------------------------------------------------------- agent bots

/** An agent bot (`api/v1/models/_agent_bot.json.jbuilder`); `access_token` only for the account's own bots. */
export type ChatwootAgentBot = WithRequired<ApiSchemas['agent_bot'], 'id' | 'name'>;

/** Body of agent bot create/update. `bot_type` is the enum name; only `webhook` exists. */
export type AgentBotInput = Omit<ApiSchemas['agent_bot_create_update_payload'], 'bot_type' | 'bot_config'> & {
  bot_type?: 'webhook';
  bot_config?: JsonObject;
};

// ---------------------------------------------------------------- contacts

/** A contact (`api/v1/models/_contact.json.jbuilder`). */
export type ChatwootContact = SupplementSchemas['contact_item'];

/** The (contact, inbox) pair: the contact's address (`source_id`) in one inbox. */
export interface ChatwootContactInbox {
  source_id: string;
  inbox: SupplementSchemas['inbox_slim'];
}

/** What contact creation returns: the contact and, when `inbox_id` was given, its contact_inbox. */
export interface ChatwootCreatedContact {
  contact: ChatwootContact;
  contact_inbox: ChatwootContactInbox | null;
}

/** Body of `createContact`. With `inbox_id` (+ optional `source_id`) a contact_inbox is created in the same call. */
export type CreateContactInput = Omit<ApiSchemas['contact_create_payload'], 'inbox_id'> & {
  inbox_id?: number;
  source_id?: string;
};

/** Body of `updateContact`; custom/additional attributes are merged into the stored ones. */
export type UpdateContactInput = ApiSchemas['contact_update_payload'];

/** Sort keys accepted by contact search. */
export type ContactSort = ApiComponents['parameters']['contact_sort_param'];

/** A page of contacts from search or filter. */
export interface ContactPage {
  contacts: ChatwootContact[];
  meta: { count?: number; current_page?: number | string };
}

/** Operators of Chatwoot's filter API (contacts and conversations). */
export type FilterOperator =
  | 'equal_to'
  | 'not_equal_to'
  | 'contains'
  | 'does_not_contain'
  | 'starts_with'
  | 'is_present'
  | 'is_not_present'
  | 'is_greater_than'
  | 'is_less_than'
  | 'days_before';

/** One condition of a filter; `query_operator` joins it to the next condition. */
export interface FilterCondition {
  attribute_key: string;
  filter_operator: FilterOperator;
  values: (string | number | boolean)[];
  query_operator?: 'and' | 'or' | null;
}

/** Options of `createContactInbox`. */
export interface CreateContactInboxInput {
  inbox_id: number;
  /** The contact's address in that inbox; for API inboxes Chatwoot generates a UUID when absent. */
  source_id?: string;
  /** A trusted server vouching for the contact's identity (sets `hmac_verified`). */
  hmac_verified?: boolean;
}

// ---------------------------------------------------------------- conversations

/** Conversation status enum (`open(0) resolved(1) pending(2) snoozed(3)`). */
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

/** Conversation priority; `null` means none. */
export type ConversationPriority = 'low' | 'medium' | 'high' | 'urgent';

/** `meta` of a conversation: who it is with and who handles it. */
export interface ChatwootConversationMeta {
  sender: Partial<ChatwootContact> & { id: number; type?: string };
  channel?: string;
  assignee?: (Partial<ChatwootAgent> & { id: number }) | null;
  assignee_type?: string | null;
  team?: { id: number; name: string } | null;
  hmac_verified?: boolean;
}

/**
 * A conversation (`api/v1/conversations/partials/_conversation.json.jbuilder`).
 * `id` is the per-account display id used in every conversation URL.
 */
export type ChatwootConversation = Omit<
  ApiSchemas['conversation'],
  | 'id'
  | 'account_id'
  | 'inbox_id'
  | 'status'
  | 'priority'
  | 'labels'
  | 'messages'
  | 'last_non_activity_message'
  | 'timestamp'
> & {
  id: number;
  account_id: number;
  inbox_id: number;
  status: ConversationStatus;
  priority: ConversationPriority | null;
  labels: string[];
  messages: ChatwootMessage[];
  last_non_activity_message?: ChatwootMessage | null;
  timestamp?: number | string;
  meta: ChatwootConversationMeta;
};

/** Body of `createConversation`. */
export interface CreateConversationInput {
  inbox_id: number;
  contact_id: number;
  /** The contact_inbox's `source_id`; it is found or created from inbox + contact + source id. */
  source_id: string;
  /** Ignored in an inbox with an active agent bot: such conversations start `pending`. */
  status?: ConversationStatus;
  assignee_id?: number;
  team_id?: number;
  additional_attributes?: JsonObject;
  custom_attributes?: JsonObject;
  /** Unix seconds, with `status: 'snoozed'`. */
  snoozed_until?: number;
  /** The first message; `outgoing` unless `message_type` says otherwise. */
  message?: { content: string; message_type?: 'incoming' | 'outgoing'; content_attributes?: JsonObject };
}

/** Query of `listConversations`. */
export interface ListConversationsQuery {
  status?: ConversationStatus | 'all';
  assignee_type?: 'me' | 'unassigned' | 'all' | 'assigned';
  inbox_id?: number;
  team_id?: number;
  labels?: string[];
  q?: string;
  page?: number;
}

/** A page of conversations with the per-assignee counts. */
export interface ConversationPage {
  conversations: ChatwootConversation[];
  meta: { mine_count?: number; assigned_count?: number; unassigned_count?: number; all_count?: number };
}

/** Result of `toggleConversationStatus`. */
export interface ToggleStatusResult {
  success: boolean;
  conversation_id: number;
  current_status: ConversationStatus;
  snoozed_until?: number | null;
}

/** The slim bot an AgentBot assignment returns (`_agent_bot_slim.json.jbuilder`). */
export interface ChatwootAgentBotSlim {
  id: number;
  name: string;
  description?: string | null;
  thumbnail?: string | null;
  outgoing_url?: string | null;
  bot_type?: string;
  bot_config?: JsonObject;
  account_id?: number | null;
}

// ---------------------------------------------------------------- messages

/** A message (`api/v1/models/_message.json.jbuilder`); `message_type` is 0 incoming, 1 outgoing, 2 activity, 3 template. */
export type ChatwootMessage = SupplementSchemas['message_item'];

/** Message delivery status. */
export type MessageStatus = SupplementSchemas['message_status_update_payload']['status'];

/** Content types a message can carry. */
export type MessageContentType =
  | 'text'
  | 'input_text'
  | 'input_textarea'
  | 'input_email'
  | 'input_select'
  | 'cards'
  | 'form'
  | 'article'
  | 'input_csat';

/** Body of `createMessage`. */
export interface CreateMessageInput {
  content?: string;
  /** `incoming` is allowed only in API inboxes (sender = the conversation's contact). Default `outgoing`. */
  message_type?: 'incoming' | 'outgoing';
  /** A private note: never shown to the customer, still sent to webhooks. */
  private?: boolean;
  content_type?: MessageContentType;
  /** e.g. `items` for input_select/cards, `in_reply_to`, `external_created_at`. */
  content_attributes?: JsonObject;
  /**
   * The remote message id. Chatwoot stores it on the message, which makes a
   * retried create detectable: the client looks it up before re-sending.
   */
  source_id?: string;
  /** A client-side temporary id echoed back in the response and realtime events (not stored). */
  echo_id?: string;
  /** An admin may post as a bot: `sender_type: 'AgentBot'` + `sender_id`. */
  sender_type?: 'AgentBot';
  sender_id?: number;
  template_params?: JsonObject;
  campaign_id?: number;
}

/** A file to upload with a message. */
export interface MessageAttachmentInput {
  filename: string;
  data: Uint8Array;
  /** MIME type; defaults to `application/octet-stream`. */
  contentType?: string;
}

/** A page of messages (at most 20, oldest first) with the conversation's meta. */
export interface MessagePage {
  messages: ChatwootMessage[];
  meta: JsonObject;
}

// ---------------------------------------------------------------- dashboard apps, webhooks

/** A dashboard app: each `content` entry becomes one iframe tab in the conversation view. */
export type ChatwootDashboardApp = SupplementSchemas['dashboard_app'];

/** Body of dashboard app create/update. */
export interface DashboardAppInput {
  title: string;
  content: SupplementSchemas['dashboard_app_content_item'][];
}

/** Events an account webhook can subscribe to (`Webhook::ALLOWED_WEBHOOK_EVENTS`). */
export type WebhookEvent =
  | 'conversation_status_changed'
  | 'conversation_updated'
  | 'conversation_created'
  | 'contact_created'
  | 'contact_updated'
  | 'message_created'
  | 'message_updated'
  | 'webwidget_triggered'
  | 'inbox_created'
  | 'inbox_updated'
  | 'conversation_typing_on'
  | 'conversation_typing_off';

/** An account webhook. */
export type ChatwootWebhook = Omit<ApiSchemas['webhook'], 'id' | 'url' | 'subscriptions'> & {
  id: number;
  url: string;
  subscriptions: WebhookEvent[];
  inbox?: { id: number; name: string } | null;
};

/** Body of webhook create/update. */
export interface WebhookInput {
  url: string;
  name?: string;
  /** A non-empty subset of {@link WebhookEvent}. */
  subscriptions: WebhookEvent[];
  inbox_id?: number | null;
}

// ---------------------------------------------------------------- help center

/** A help-center portal; URLs address it by `slug`. */
export type ChatwootPortal = WithRequired<ApiSchemas['portal_item'], 'id' | 'name' | 'slug'>;

/** A help-center article. */
export type ChatwootArticle = SupplementSchemas['article_item'];

/** Query of `listArticles`. */
export type ListArticlesQuery = NonNullable<SupplementOperations['list-all-articles']['parameters']['query']>;

/** A page of articles with the portal's counts. */
export interface ArticlePage {
  articles: ChatwootArticle[];
  meta: SupplementSchemas['article_list_response']['meta'];
}
