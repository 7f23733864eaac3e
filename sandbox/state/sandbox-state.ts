import type {
  AccountRecord,
  AgentBotInboxRecord,
  AgentBotRecord,
  ArticleRecord,
  BlobRecord,
  CategoryRecord,
  ContactInboxRecord,
  ContactRecord,
  ConversationRecord,
  CustomAttributeDefinitionRecord,
  DashboardAppRecord,
  InboxRecord,
  MessageRecord,
  PortalRecord,
  TeamRecord,
  UserRecord,
  WebhookRecord,
} from './records.ts';

/** Names of the id sequences; like database tables, ids are global across accounts. */
type Sequence =
  | 'accounts'
  | 'users'
  | 'inboxes'
  | 'channels'
  | 'agentBots'
  | 'teams'
  | 'contacts'
  | 'contactInboxes'
  | 'conversations'
  | 'messages'
  | 'attachments'
  | 'dashboardApps'
  | 'webhooks'
  | 'customAttributeDefinitions'
  | 'portals'
  | 'categories'
  | 'articles';

/**
 * The whole in-memory database of the sandbox. Plain maps keyed by id; domain services keep the
 * relations consistent. Nothing here knows about HTTP or JSON shapes.
 */
export class SandboxState {
  readonly accounts = new Map<number, AccountRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly inboxes = new Map<number, InboxRecord>();
  readonly agentBots = new Map<number, AgentBotRecord>();
  /** Keyed by inbox id: an inbox has at most one bot. */
  readonly agentBotInboxes = new Map<number, AgentBotInboxRecord>();
  readonly teams = new Map<number, TeamRecord>();
  readonly contacts = new Map<number, ContactRecord>();
  readonly contactInboxes = new Map<number, ContactInboxRecord>();
  readonly conversations = new Map<number, ConversationRecord>();
  readonly messages = new Map<number, MessageRecord>();
  readonly blobs = new Map<string, BlobRecord>();
  readonly dashboardApps = new Map<number, DashboardAppRecord>();
  readonly webhooks = new Map<number, WebhookRecord>();
  readonly customAttributeDefinitions = new Map<number, CustomAttributeDefinitionRecord>();
  readonly portals = new Map<number, PortalRecord>();
  readonly categories = new Map<number, CategoryRecord>();
  readonly articles = new Map<number, ArticleRecord>();
  /** Next conversation display id per account (`conv_dpid_seq_<account_id>`). */
  private readonly displayIds = new Map<number, number>();
  private readonly sequences = new Map<Sequence, number>();
  /** Signing secrets of receivers (a feature of later Chatwoot releases), keyed `<kind>:<id>`. */
  readonly signingSecrets = new Map<string, string>();
  /** Public base URL of the sandbox (used in data_url of attachments). */
  baseUrl = 'http://127.0.0.1';

  /** Take the next id of a table. */
  nextId(sequence: Sequence): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  /** Take the next conversation display id of an account. */
  nextDisplayId(accountId: number): number {
    const next = (this.displayIds.get(accountId) ?? 0) + 1;
    this.displayIds.set(accountId, next);
    return next;
  }

  /** The user or bot owning an access token. */
  findTokenOwner(
    token: string,
  ): { kind: 'user'; user: UserRecord } | { kind: 'bot'; bot: AgentBotRecord } | null {
    for (const user of this.users.values()) if (user.accessToken === token) return { kind: 'user', user };
    for (const bot of this.agentBots.values()) if (bot.accessToken === token) return { kind: 'bot', bot };
    return null;
  }

  /** Users that belong to an account, in id order. */
  accountUsers(accountId: number): UserRecord[] {
    return [...this.users.values()].filter((user) =>
      user.accounts.some((member) => member.accountId === accountId),
    );
  }

  /** Inboxes of an account, in id order. */
  accountInboxes(accountId: number): InboxRecord[] {
    return [...this.inboxes.values()].filter((inbox) => inbox.accountId === accountId);
  }

  /** Contact inboxes of a contact, in id order. */
  contactInboxesOf(contactId: number): ContactInboxRecord[] {
    return [...this.contactInboxes.values()].filter((row) => row.contactId === contactId);
  }

  /** Conversations of a contact inbox, in id order (oldest first). */
  conversationsOfContactInbox(contactInboxId: number): ConversationRecord[] {
    return [...this.conversations.values()].filter((row) => row.contactInboxId === contactInboxId);
  }

  /** Messages of a conversation (database id), in creation order. */
  messagesOf(conversationId: number): MessageRecord[] {
    return [...this.messages.values()].filter((message) => message.conversationId === conversationId);
  }

  /** The conversation of an account addressed by display id. */
  findConversation(accountId: number, displayId: number): ConversationRecord | undefined {
    for (const conversation of this.conversations.values()) {
      if (conversation.accountId === accountId && conversation.displayId === displayId) return conversation;
    }
    return undefined;
  }

  /** The active agent bot of an inbox, if any (`Inbox#active_bot?`). */
  activeInboxBot(inboxId: number): AgentBotRecord | undefined {
    const link = this.agentBotInboxes.get(inboxId);
    if (!link || link.status !== 'active') return undefined;
    return this.agentBots.get(link.agentBotId);
  }
}
