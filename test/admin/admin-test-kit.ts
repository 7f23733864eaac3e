/**
 * Shared pieces of the admin page tests: a small Chatwoot stand-in that
 * answers the inbox list the settings page reads, an installation written
 * straight into the store (no Chatwoot provisioning needed), and a signed-in
 * supertest agent.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { InstallationRecord, ProvisionedObjects } from '../../plugin/store/store.ts';
import type { OmniloomHarness } from '../helpers/start-omniloom.ts';

export interface ChatwootInboxRow {
  id: number;
  name: string;
  channel_type: string;
}

export interface InboxChatwoot {
  url: string;
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Answers `GET /api/v1/accounts/:id/inboxes` as Chatwoot does (`{ payload: [...] }`),
 * checking the `api_access_token` header; anything else is Chatwoot's 404.
 */
export async function startInboxChatwoot(options: {
  accountId: number;
  token: string;
  inboxes: ChatwootInboxRow[];
}): Promise<InboxChatwoot> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${req.method} ${path}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.api_access_token !== options.token) {
      return send(401, { errors: ['You need to sign in or sign up before continuing.'] });
    }
    if (req.method === 'GET' && path === `/api/v1/accounts/${options.accountId}/inboxes`) {
      return send(200, {
        payload: options.inboxes.map((inbox) => ({
          ...inbox,
          avatar_url: '',
          channel_id: inbox.id,
          greeting_enabled: false,
          greeting_message: null,
          working_hours_enabled: false,
          enable_email_collect: true,
          csat_survey_enabled: false,
          enable_auto_assignment: true,
          out_of_office_message: null,
          working_hours: [],
          timezone: 'UTC',
          allow_messages_after_resolved: true,
          lock_to_single_conversation: false,
          sender_name_type: 'friendly',
          business_name: null,
        })),
      });
    }
    send(404, { error: 'Resource could not be found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes an active installation record the way the install flow leaves it, secrets sealed with the runtime's key. */
export async function seedInstallation(
  harness: OmniloomHarness,
  options: {
    chatwootUrl: string;
    accountId: number;
    token: string;
    settings?: Record<string, unknown>;
    provisioned?: ProvisionedObjects;
  },
): Promise<InstallationRecord> {
  const { store, secrets } = harness.runtime;
  return store.installations.create({
    id: randomUUID(),
    chatwootUrl: options.chatwootUrl,
    accountId: options.accountId,
    tokenCiphertext: secrets.seal(options.token),
    urlSecretCiphertext: secrets.seal(`url-secret-${randomUUID()}`),
    settings: options.settings ?? {},
    provisioned: options.provisioned ?? {},
    status: 'active',
  });
}

/** The `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error('The page has no CSRF field');
  return match[1];
}

/** A supertest agent that signed in through the login form, so it carries the session cookie. */
export async function signIn(harness: OmniloomHarness): Promise<request.Agent> {
  const agent = request.agent(harness.url);
  const form = await agent.get('/admin/login').expect(200);
  await agent
    .post('/admin/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), token: harness.adminToken, next: '/admin' })
    .expect(303)
    .expect('location', '/admin');
  return agent;
}

/** GETs a page with the agent and returns its HTML together with the CSRF token on it. */
export async function openPage(agent: request.Agent, path: string): Promise<{ html: string; csrf: string }> {
  const page = await agent.get(path).expect(200);
  return { html: page.text, csrf: csrfOf(page.text) };
}
