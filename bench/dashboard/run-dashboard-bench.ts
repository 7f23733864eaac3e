/**
 * Dashboard benchmark: time from a customer message arriving on a channel
 * webhook (a signed Slack event) to the suggested reply being pushed to the
 * dashboard panel (`suggestion:new` on the panel's socket.io connection),
 * through a real Omniloom with the agent bot in its default suggest mode and
 * the offline answer generator over an uploaded knowledge base. Messages are
 * sent one at a time, so each latency is the whole pipeline unqueued.
 *
 *   node --import tsx bench/dashboard/run-dashboard-bench.ts [--samples 20] [--json]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { issueDashboardSession, SESSION_KEY_PURPOSE } from '../../dashboard-extension/index.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';
import { quantile } from '../lib/score-ranking.ts';
import { createSlackMessageFactory } from '../lib/build-slack-message.ts';
import { startLoadWorld } from '../lib/start-load-world.ts';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '30' },
  },
});
const samples = Number(args.samples);
const timeoutMs = Number(args.timeout) * 1000;

const QUESTIONS = [
  'How long does shipping take?',
  'Where is my order? It has not arrived yet.',
  'Can I return tiles I did not use?',
  'Do you ship express to Germany?',
];

const KNOWLEDGE = [
  '# Shipping and delivery',
  '## How long does shipping take?',
  'Shipping takes three to five working days inside the EU. Express shipping arrives the next working day for orders placed before noon.',
  '## Where is my order?',
  'Orders ship within two working days. When your order leaves our warehouse we email a tracking link.',
  '## Returns',
  'Unused tiles can be returned within 30 days in their original boxes; we refund the price once they are back in our warehouse.',
].join('\n\n');

const world = await startLoadWorld();
let socket: Socket | undefined;
try {
  const uploaded = await world.omniloom.admin(`/api/installations/${world.installationId}/knowledge`, {
    method: 'POST',
    json: {
      title: 'Shipping and returns',
      content: KNOWLEDGE,
      format: 'markdown',
      source: 'https://tiles.example/help',
    },
  });
  if (!uploaded.ok) throw new Error(`knowledge upload failed: ${uploaded.status} ${await uploaded.text()}`);

  const next = createSlackMessageFactory({
    runId: `d${randomBytes(3).toString('hex')}`,
    signingSecret: world.signingSecrets.slack,
    threads: 1,
  });
  const post = async (text: string) => {
    const delivery = next(text);
    const response = await fetch(world.webhookUrl('slack'), {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    if (!response.ok) throw new Error(`Slack route answered ${response.status}: ${await response.text()}`);
    return delivery;
  };

  // The first message opens the conversation the panel then watches.
  await post('Hello, I have a question about my order.');
  const conversation = await waitFor(
    () =>
      [...world.sandbox.state.conversations.values()].find(
        (candidate) => candidate.inboxId === world.inboxes.slack,
      ),
    timeoutMs,
    'the Slack conversation in the sandbox',
  );

  const sessionKey = createSecretBox(world.omniloom.secretKeyHex).deriveKey(SESSION_KEY_PURPOSE);
  const { token } = await issueDashboardSession(sessionKey, { installationId: world.installationId });
  socket = io(world.omniloom.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { dashboardSession: token, installationId: world.installationId },
    reconnection: false,
  });
  const connected = socket;
  await new Promise<void>((resolve, reject) => {
    connected.once('connect', () => resolve());
    connected.once('connect_error', reject);
  });
  const watched = await new Promise<{ ok: boolean; error?: unknown }>((resolve) =>
    connected.emit('dashboard:watch', { conversationId: conversation.displayId }, resolve),
  );
  if (!watched.ok)
    throw new Error(
      `the panel could not watch conversation ${conversation.displayId}: ${JSON.stringify(watched.error)}`,
    );

  // Pushes are matched to the message they answer: the opening message's suggestion may still be on its way.
  const heard = new Map<number, { at: number; extractive: boolean }>();
  connected.on(
    'suggestion:new',
    (payload: { suggestion: { chatwootMessageId: number }; extractive?: boolean }) => {
      heard.set(payload.suggestion.chatwootMessageId, {
        at: performance.now(),
        extractive: Boolean(payload.extractive),
      });
    },
  );
  const chatwootIdOf = (sourceId: string) =>
    [...world.sandbox.state.messages.values()].find((message) => message.sourceId === sourceId)?.id;

  const latencies: number[] = [];
  let extractive = 0;
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    const delivery = await post(QUESTIONS[index % QUESTIONS.length]!);
    const push = await waitFor(
      () => {
        const id = chatwootIdOf(delivery.sourceId);
        return id === undefined ? undefined : heard.get(id);
      },
      timeoutMs,
      `the suggestion for sample ${index}`,
    );
    latencies.push(push.at - started);
    if (push.extractive) extractive += 1;
  }

  const round = (value: number) => Math.round(value * 10) / 10;
  const summary = {
    samples: latencies.length,
    p50_ms: round(quantile(latencies, 0.5)),
    p95_ms: round(quantile(latencies, 0.95)),
    p99_ms: round(quantile(latencies, 0.99)),
    mean_ms: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(latencies.length, 1)),
    max_ms: round(Math.max(...latencies)),
    extractive,
    queue: world.omniloom.queue,
  };
  console.log(
    `customer message → suggestion in the panel (${summary.samples} sequential samples, ${summary.queue} queue, ${extractive} offline/extractive): ` +
      `p50 ${summary.p50_ms} ms, p95 ${summary.p95_ms} ms, p99 ${summary.p99_ms} ms, mean ${summary.mean_ms} ms, max ${summary.max_ms} ms`,
  );
  if (args.json) console.log(JSON.stringify(summary));
} finally {
  socket?.disconnect();
  await world.close();
}

async function waitFor<T>(check: () => T | undefined, limitMs: number, what: string): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    // Short polls: the push time is taken in the socket listener, so polling only delays the loop, not the figure.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
