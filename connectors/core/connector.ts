/**
 * The one interface every bridged channel implements. A connector is
 * stateless: per-installation credentials and settings arrive as a
 * `ConnectorAccount` on every call, so one connector object serves every
 * tenant.
 *
 * The request path is verify → parse → enqueue → acknowledge; `send`,
 * `enrichSender` and `downloadAttachment` run in the worker.
 */
import type { Logger } from 'pino';
import type {
  Attachment,
  InboundEvent,
  OutboundMessage,
  SenderIdentity,
  ThreadRef,
} from '../../plugin/messages/normalized-message.ts';

/** An HTTP request exactly as received, body still in bytes (signatures are computed over them). */
export interface RawRequest {
  method: string;
  /** Full URL as the platform called it (Twilio-style signatures need it). */
  url: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  /** Injectable clock for timestamp windows. */
  now?: Date;
}

export type VerifyFailure = 'missing-header' | 'bad-signature' | 'stale' | 'not-configured';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/** A reply the connector produces itself, before any queueing (url_verification, PING, hub.challenge). */
export interface HandshakeReply {
  status: number;
  body: string | Record<string, unknown>;
  contentType?: string;
  /**
   * The delivery also carries events (Discord's `/support` command): verify,
   * parse and enqueue still run, and this reply replaces the default
   * acknowledgement. Absent/false: answer with this reply and stop.
   */
  carriesEvents?: boolean;
}

export interface ConnectorAccount {
  installationId: string;
  /** Decrypted credentials (bot tokens, signing secrets). Never log this object. */
  credentials: Record<string, string>;
  /** Non-secret settings: API base URLs, support channel ids, thread rules. */
  config: Record<string, unknown>;
}

export interface ConnectorCapabilities {
  edits: boolean;
  deletes: boolean;
  reactions: boolean;
  typing: boolean;
  attachments: boolean;
  threads: boolean;
  /** Events arrive over a socket the worker keeps open rather than over webhooks. */
  gateway: boolean;
}

export interface SendResult {
  /** Ids the channel gave the sent parts, in order (long replies are split). */
  channelMessageIds: string[];
}

/**
 * For channels where a conversation can start before its place on the
 * platform exists (a Discord `/support` ticket: the thread is opened on the
 * first reply). Opening takes several platform calls, and a retried send must
 * not open a second thread, so it goes step by step: the caller records every
 * state `advance` returns before taking the next step or sending, and a retry
 * resumes from the recorded state.
 */
export interface ThreadOpener {
  /** Pure: true while `thread` still has to be opened before anything can be sent to it. */
  isPending(thread: ThreadRef): boolean;
  /**
   * Takes the next step and returns the thread as it stands afterwards. A step
   * makes at most one platform change that is not safe to repeat, and returns
   * as soon as it is made. Inbound events from the opened thread arrive with
   * the returned `key`.
   */
  advance(thread: ThreadRef, account: ConnectorAccount, deps: ConnectorDeps): Promise<ThreadRef>;
}

export interface DownloadedFile {
  data: Buffer;
  contentType: string;
  fileName: string;
}

export interface ConnectorDeps {
  logger: Logger;
  /** Largest attachment accepted, in bytes. */
  maxAttachmentBytes: number;
}

/** What a platform confirmed when it was pointed at Omniloom's webhook URL. */
export interface WebhookRegistration {
  /** The event types the platform says it will deliver, when it reports them. */
  eventTypes?: string[];
}

/** Where the sender was seen, for `enrichSender` lookups scoped to a conversation. */
export interface EnrichContext {
  thread?: ThreadRef;
}

/** Receives events from a gateway connection; resolves once they are durably queued. */
export type GatewaySink = (events: InboundEvent[]) => Promise<void>;

export interface GatewayConnection {
  close(): Promise<void>;
}

export interface Connector {
  readonly id: string;
  readonly displayName: string;
  readonly capabilities: ConnectorCapabilities;
  /** Names of the credential fields `omniloom channel add` asks for (all secret). */
  readonly credentialFields: readonly string[];

  /** Answers platform handshakes; returns undefined for ordinary event deliveries. */
  handshake?(raw: RawRequest, account: ConnectorAccount): HandshakeReply | undefined;
  /** Pure authenticity check on the raw bytes, in constant time. */
  verify(raw: RawRequest, account: ConnectorAccount): VerifyResult;
  /**
   * Checks that need I/O, run on the request path only after `verify` passed
   * (e.g. a JWT whose signing keys come from the platform's OpenID metadata).
   * Connectors whose requests are fully verifiable from the bytes leave it out.
   */
  verifyAsync?(raw: RawRequest, account: ConnectorAccount): Promise<VerifyResult>;
  /** Pure translation of one raw delivery into normalized events. Throws BadRequestError on malformed input. */
  parse(raw: Buffer, account?: ConnectorAccount): InboundEvent[];
  /**
   * Adds identifiers that need an API call (e.g. Slack users.info email).
   * `context.thread` is the thread the sender wrote in, for platforms whose
   * profile lookup is scoped to a conversation (Teams' members API).
   */
  enrichSender?(
    sender: SenderIdentity,
    account: ConnectorAccount,
    deps: ConnectorDeps,
    context?: EnrichContext,
  ): Promise<SenderIdentity>;
  downloadAttachment?(attachment: Attachment, account: ConnectorAccount, deps: ConnectorDeps): Promise<DownloadedFile>;
  /**
   * Points the platform at Omniloom (`url` is `/webhooks/<id>/<installationId>`)
   * for platforms that take their webhook URL through an API call (Viber's
   * `set_webhook`, Telegram's `setWebhook`) rather than in a developer console.
   * Runs once the credentials are stored: such platforms check the URL at once.
   */
  registerWebhook?(account: ConnectorAccount, url: string): Promise<WebhookRegistration>;
  /** Opens threads that do not exist yet on the platform; `send` needs an opened thread. */
  readonly threadOpener?: ThreadOpener;
  /** Renders markdown for the channel and sends it, split at the channel's limit. */
  send(message: OutboundMessage, account: ConnectorAccount, deps: ConnectorDeps): Promise<SendResult>;
  sendTyping?(thread: ThreadRef, account: ConnectorAccount, deps: ConnectorDeps): Promise<void>;
  /** Opens the gateway connection (gateway channels only); reconnects and resumes on its own. */
  connect?(account: ConnectorAccount, sink: GatewaySink, deps: ConnectorDeps): Promise<GatewayConnection>;
}
