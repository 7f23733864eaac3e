import type { RunningSandbox } from '../../../sandbox/start-sandbox.ts';

/** A JSON answer of the sandbox. */
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Minimal HTTP client for the sandbox's API, speaking JSON with an `api_access_token`. */
export class SandboxClient {
  constructor(
    readonly sandbox: RunningSandbox,
    readonly token: string = sandbox.adminToken,
    readonly accountId: number = sandbox.accountId,
  ) {}

  /** The same client with another token or account. */
  as(token: string, accountId: number = this.accountId): SandboxClient {
    return new SandboxClient(this.sandbox, token, accountId);
  }

  /** Path under `/api/v1/accounts/:accountId`. */
  account(path: string): string {
    return `/api/v1/accounts/${this.accountId}${path}`;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const init: RequestInit = { method, headers: { api_access_token: this.token, ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.sandbox.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** POST to a test hook (no token needed). */
  async hook<T = any>(path: string, body?: unknown): Promise<ApiAnswer<T>> {
    return this.as('').request<T>('POST', path, body);
  }

  /** Create an API-channel inbox. */
  async createApiInbox(name: string, webhookUrl?: string, extra: Record<string, unknown> = {}): Promise<any> {
    const answer = await this.post(this.account('/inboxes'), {
      name,
      channel: { type: 'api', ...(webhookUrl ? { webhook_url: webhookUrl } : {}) },
      ...extra,
    });
    if (answer.status !== 200)
      throw new Error(`inbox create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Create a contact linked to an inbox with a source id; returns `{ contact, sourceId }`. */
  async createContact(fields: Record<string, unknown>, inboxId?: number, sourceId?: string): Promise<any> {
    const answer = await this.post(this.account('/contacts'), {
      ...fields,
      ...(inboxId ? { inbox_id: inboxId } : {}),
      ...(sourceId ? { source_id: sourceId } : {}),
    });
    if (answer.status !== 200)
      throw new Error(`contact create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.payload.contact;
  }

  /** Create a conversation for a contact in an inbox. */
  async createConversation(
    inboxId: number,
    contactId: number,
    sourceId: string,
    extra: Record<string, unknown> = {},
  ): Promise<any> {
    const answer = await this.post(this.account('/conversations'), {
      inbox_id: inboxId,
      contact_id: contactId,
      source_id: sourceId,
      ...extra,
    });
    if (answer.status !== 200)
      throw new Error(`conversation create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Post a message in a conversation. */
  async sendMessage(conversationId: number, body: Record<string, unknown>): Promise<ApiAnswer> {
    return this.post(this.account(`/conversations/${conversationId}/messages`), body);
  }
}
