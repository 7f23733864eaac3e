/**
 * A Chatwoot account in the sandbox for routing tests: three agents, a team
 * of two, a WhatsApp inbox, conversations on demand, and an installation
 * context whose client sees chosen agents as online.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  InstallationDirectory,
  type InstallationContext,
} from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';
import type { InstallationRecord, Store } from '../../plugin/store/store.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';

export interface RoutingWorld {
  sandbox: RunningSandbox;
  api: SandboxApi;
  store: Store;
  agents: { ana: number; ben: number; cy: number };
  teamId: number;
  inboxId: number;
  /** Agent ids Chatwoot reports as online (the sandbox has no live presence, so the client's transport marks them). */
  online: Set<number>;
  context(settings: Record<string, unknown>): InstallationContext;
  /** A new conversation in the WhatsApp inbox (a new contact each time); returns its id. */
  conversation(text?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Chatwoot computes `availability_status` from live dashboard sessions, which
 * the sandbox does not model (it reports everyone offline). This transport
 * stands in for that presence: it rewrites the field in agent lists only.
 */
function withPresence(online: Set<number>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' || !/\/(agents|team_members)$/.test(url.pathname) || !response.ok) return response;
    const agents = (await response.json()) as Array<{ id: number }>;
    const marked = agents.map((agent) => ({
      ...agent,
      availability_status: online.has(agent.id) ? 'online' : 'offline',
    }));
    return new Response(JSON.stringify(marked), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

export async function startRoutingWorld(): Promise<RoutingWorld> {
  const sandbox = await startSandbox({ port: 0 });
  const api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
  const agent = async (name: string) =>
    (
      await api.post(`/__sandbox/accounts/${sandbox.accountId}/agents`, {
        name,
        email: `${name.toLowerCase()}-${randomUUID()}@example.org`,
      })
    ).id as number;
  const agents = { ana: await agent('Ana'), ben: await agent('Ben'), cy: await agent('Cy') };
  const team = await api.post('/teams', { name: `Billing ${randomUUID().slice(0, 6)}` });
  await api.post(`/teams/${team.id}/team_members`, { user_ids: [agents.ana, agents.ben] });
  const inboxId = (
    await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' })
  ).id as number;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-routing-'));
  const store = await openSqliteStore({ file: path.join(dataDir, 'store.sqlite') });
  const secrets = createSecretBox(randomBytes(32).toString('hex'));
  const online = new Set<number>();
  const directory = new InstallationDirectory({
    store,
    secrets,
    logger: silentLogger(),
    chatwootTimeoutMs: 5000,
    fetch: withPresence(online),
  });
  const installationId = `routing-${randomUUID()}`;
  let contacts = 0;
  return {
    sandbox,
    api,
    store,
    agents,
    teamId: team.id,
    inboxId,
    online,
    context(settings) {
      const now = new Date().toISOString();
      const record: InstallationRecord = {
        id: installationId,
        chatwootUrl: sandbox.url,
        accountId: sandbox.accountId,
        tokenCiphertext: secrets.seal(sandbox.adminToken),
        urlSecretCiphertext: secrets.seal('url-secret'),
        settings,
        provisioned: {},
        status: 'active',
        createdAt: now,
        updatedAt: now,
      };
      return directory.build(record);
    },
    async conversation(text = 'Hello') {
      contacts += 1;
      const arrival = await api.post(`/__sandbox/inboxes/${inboxId}/incoming`, {
        contact: {
          name: `Customer ${contacts}`,
          phone_number: `+4915100000${String(contacts).padStart(3, '0')}`,
        },
        content: text,
      });
      return arrival.conversation.id as number;
    },
    async close() {
      await store.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
