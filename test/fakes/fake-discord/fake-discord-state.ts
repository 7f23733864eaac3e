/**
 * What the fake Discord remembers: channels (including threads), messages
 * the bot created, and every REST request, so tests can assert on the wire.
 */

/** One REST request as the fake received it. */
export interface RecordedDiscordRequest {
  method: string;
  /** Path including the `/api/v10` prefix, URL-decoded. */
  path: string;
  /** JSON body, or `payload_json` of a multipart body. */
  body: Record<string, unknown> | undefined;
  files: Array<{ field: string; name: string; contentType: string; size: number; data: Buffer }>;
  authorization: string | undefined;
}

export interface FakeChannel {
  id: string;
  /** 0 guild text, 1 DM, 11 public thread, 12 private thread. */
  type: number;
  parent_id?: string;
  name?: string;
  members: Set<string>;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  attachments: Array<{ id: string; filename: string; size: number; content_type: string }>;
  message_reference?: unknown;
  allowed_mentions?: unknown;
}

/** Requests the fake answers with a server error, as Discord does during an incident. */
export interface FakeDiscordOutage {
  method: string;
  /** Matched against the path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: RegExp;
  /** Matching requests still to fail. */
  remaining: number;
}

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh snowflake id (timestamp + counter), like Discord's. */
export function nextSnowflake(): string {
  increment = (increment + 1n) % 4096n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment);
}

export class FakeDiscordState {
  readonly requests: RecordedDiscordRequest[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: FakeMessage[] = [];
  /** Pending 429s: each request consumes one and is answered with this Retry-After (seconds). */
  readonly rateLimits: number[] = [];
  /** Pending outages; each matching request uses up one failure of the first that matches. */
  readonly outages: FakeDiscordOutage[] = [];
  /** Files served at `/cdn/<name>` (attachment downloads, and agent files to upload). */
  readonly cdn = new Map<string, { data: Buffer; contentType: string }>();

  /** The next `times` requests matching `method` and `path` get a 503 (after auth and rate limits). */
  failRequests(method: string, path: RegExp, times: number): void {
    this.outages.push({ method, path, remaining: times });
  }

  /** Declares a channel the bot can post in (guild text by default). */
  addChannel(id: string, type = 0, parentId?: string): FakeChannel {
    const channel: FakeChannel = { id, type, parent_id: parentId, members: new Set() };
    this.channels.set(id, channel);
    return channel;
  }
}
