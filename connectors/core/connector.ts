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
  /**
   * Set when sending opened a new place for the conversation (a Discord ticket
   * thread): later replies should go to this thread, and inbound events from
   * it arrive with this `key`.
   */
  thread?: ThreadRef;
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
  /** Renders markdown for the channel and sends it, split at the channel's limit. */
  send(message: OutboundMessage, account: ConnectorAccount, deps: ConnectorDeps): Promise<SendResult>;
  sendTyping?(thread: ThreadRef, account: ConnectorAccount, deps: ConnectorDeps): Promise<void>;
  /** Opens the gateway connection (gateway channels only); reconnects and resumes on its own. */
  connect?(account: ConnectorAccount, sink: GatewaySink, deps: ConnectorDeps): Promise<GatewayConnection>;
}
