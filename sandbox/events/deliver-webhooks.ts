import { STATUS_CODES } from 'node:http';
import type { Receiver, ReceiverKind } from './find-receivers.ts';
import { signPayload } from './sign-payload.ts';

/** One delivery attempt, as listed by `GET /__sandbox/deliveries`. */
export interface DeliveryRecord {
  id: number;
  receiver: ReceiverKind;
  receiverId: number;
  url: string;
  event: string;
  /** HTTP status of the receiver's answer; null when no answer came (timeout, connection error). */
  status: number | null;
  ok: boolean;
  /** The error Chatwoot would log (RestClient's message), null on success. */
  error: string | null;
  body: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  startedAt: string;
  durationMs: number;
}

/** How many attempts the log keeps (the oldest are dropped). */
const LOG_LIMIT = 5000;

/** Options of the deliverer. */
export interface DeliveryOptions {
  /** `WEBHOOK_TIMEOUT` (Chatwoot default 5 s). */
  timeoutMs: number;
  /** Signing secret of a receiver, if signing is switched on for it. */
  secretFor: (receiver: Receiver) => string | undefined;
  /** Called after a failed attempt (`Webhooks::Trigger#handle_error`). */
  onFailure: (receiver: Receiver, payload: Record<string, unknown>, error: string) => void;
}

/** RestClient-style message for a failed request, which Chatwoot stores as the message's external error. */
function describeError(error: unknown, url: string, timedOut: boolean): string {
  if (timedOut) return 'Timed out reading data from server';
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const target = new URL(url);
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (cause?.code === 'ECONNREFUSED') {
    return `Failed to open TCP connection to ${target.hostname}:${port} (Connection refused - connect(2) for "${target.hostname}" port ${port})`;
  }
  if (cause?.code === 'ENOTFOUND') {
    return `Failed to open TCP connection to ${target.hostname}:${port} (getaddrinfo: Name or service not known)`;
  }
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'Server broke connection';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Posts event payloads like `Webhooks::Trigger`: JSON body, `Content-Type` and `Accept` JSON, one attempt
 * with a timeout, no retries; non-2xx answers and network errors are failures. Deliveries to one
 * receiver happen one after another in the order they were queued; receivers run independently.
 */
export class WebhookDeliverer {
  readonly log: DeliveryRecord[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private nextId = 1;

  constructor(private readonly options: DeliveryOptions) {}

  /** Queue one payload for one receiver. */
  enqueue(receiver: Receiver, payload: Record<string, unknown>): void {
    const key = `${receiver.kind}:${receiver.url}`;
    this.pending += 1;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(receiver, payload)).finally(() => this.settle());
    this.chains.set(key, next);
  }

  /** Whether nothing is queued or in flight. */
  isIdle(): boolean {
    return this.pending === 0;
  }

  /** Resolves once nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forget the log (queued deliveries still run). */
  clearLog(): void {
    this.log.length = 0;
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async deliver(receiver: Receiver, payload: Record<string, unknown>): Promise<void> {
    const rawBody = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    const secret = this.options.secretFor(receiver);
    if (secret) Object.assign(headers, signPayload(secret, rawBody));
    const started = Date.now();
    const record: DeliveryRecord = {
      id: this.nextId++,
      receiver: receiver.kind,
      receiverId: receiver.id,
      url: receiver.url,
      event: String(payload.event ?? ''),
      status: null,
      ok: false,
      error: null,
      body: payload,
      requestHeaders: headers,
      responseBody: null,
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
    };
    this.log.push(record);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers,
        body: rawBody,
        redirect: 'manual',
        signal: controller.signal,
      });
      record.status = response.status;
      record.responseBody = (await response.text()).slice(0, 2000);
      record.ok = response.status >= 200 && response.status < 300;
      if (!record.ok) record.error = `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim();
    } catch (error) {
      record.error = describeError(error, receiver.url, timedOut);
    } finally {
      clearTimeout(timer);
      record.durationMs = Date.now() - started;
    }
    if (!record.ok && record.error) this.options.onFailure(receiver, payload, record.error);
  }
}
