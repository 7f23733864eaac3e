/**
 * Soak: steady traffic across channels against a real Omniloom (child
 * process) and the sandbox Chatwoot — signed Slack events, signed deliveries
 * on the generic webhook channel, and agent replies posted in the sandbox
 * flowing back out to the fake Slack and the webhook receiver — while the
 * child's heap and RSS are sampled after forced GCs. Reports the memory trend
 * and whether every message and every reply arrived exactly once.
 */
import { randomBytes } from 'node:crypto';
import { sandboxApi } from '../../test/helpers/sandbox-api.ts';
import { createSlackMessageFactory, type SignedDelivery } from './build-slack-message.ts';
import { createWebhookMessageFactory } from './build-webhook-message.ts';
import type { MemorySample } from './omniloom-child-protocol.ts';
import { startLoadWorld, type LoadChannel } from './start-load-world.ts';

export interface SoakOptions {
  seconds: number;
  /** Customer messages per second, over both channels. */
  messagesPerSecond: number;
  /** Agent replies per second, over both channels. */
  repliesPerSecond: number;
  /** Seconds between memory samples. */
  sampleEverySeconds: number;
  /** How long to wait for the backlog after the traffic stops. */
  drainTimeoutSeconds: number;
  redisUrl?: string;
  log?: (line: string) => void;
}

export interface ChannelTally {
  sent: number;
  /** Requests not answered 2xx. */
  refused: number;
  /** Sent messages found in the sandbox (duplicates counted). */
  delivered: number;
  missing: number;
  duplicated: number;
}

export interface MemoryTrend {
  samples: number;
  /** heapUsed at the first and last sample of the second half, MB. */
  heap_start_mb: number;
  heap_end_mb: number;
  /** Least-squares heap growth across the second half, MB (the asserted figure). */
  heap_growth_second_half_mb: number;
  /** Same slope, MB per minute. */
  heap_slope_mb_per_min: number;
  rss_start_mb: number;
  rss_end_mb: number;
  rss_growth_second_half_mb: number;
  gc_forced: boolean;
}

export interface SoakReport {
  seconds: number;
  queue: string;
  inbound: Record<LoadChannel, ChannelTally>;
  replies: Record<LoadChannel, { sent: number; delivered: number; missing: number; duplicated: number }>;
  memory: MemoryTrend;
  samples: MemorySample[];
  /** Everything arrived exactly once. */
  exactlyOnce: boolean;
}

const MB = 1024 * 1024;

/** Runs the soak and returns its report; never throws for a failed expectation, only for a broken setup. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const world = await startLoadWorld({
    omniloom: { env: options.redisUrl ? { REDIS_URL: options.redisUrl } : {} },
  });
  try {
    const runId = `s${randomBytes(3).toString('hex')}`;
    const factories: Record<LoadChannel, (text?: string) => SignedDelivery> = {
      slack: createSlackMessageFactory({ runId, signingSecret: world.signingSecrets.slack, threads: 8 }),
      webhook: createWebhookMessageFactory({
        runId,
        signingSecret: world.signingSecrets.webhook,
        threads: 8,
      }),
    };
    const sent: Record<LoadChannel, string[]> = { slack: [], webhook: [] };
    const refused: Record<LoadChannel, number> = { slack: 0, webhook: 0 };
    const replyMarkers: Record<LoadChannel, string[]> = { slack: [], webhook: [] };
    const api = sandboxApi(world.sandbox.url, world.sandbox.adminToken, world.sandbox.accountId);
    const samples: MemorySample[] = [];
    const inFlight = new Set<Promise<void>>();
    const track = (work: Promise<void>) => {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    };

    const deliver = async (channel: LoadChannel) => {
      const delivery = factories[channel]();
      sent[channel].push(delivery.sourceId);
      try {
        const response = await fetch(world.webhookUrl(channel), {
          method: 'POST',
          headers: delivery.headers,
          body: delivery.body,
        });
        await response.arrayBuffer();
        if (!response.ok) refused[channel] += 1;
      } catch {
        refused[channel] += 1;
      }
    };
    let replySeq = 0;
    const reply = async (channel: LoadChannel) => {
      const conversations = [...world.sandbox.state.conversations.values()].filter(
        (conversation) => conversation.inboxId === world.inboxes[channel],
      );
      if (conversations.length === 0) return;
      const conversation = conversations[replySeq % conversations.length]!;
      const marker = `soak-reply-${runId}-${replySeq++}`;
      replyMarkers[channel].push(marker);
      await api.post(`/conversations/${conversation.id}/messages`, {
        content: `Thanks, we are on it (${marker})`,
        message_type: 'outgoing',
      });
    };

    const started = Date.now();
    const endAt = started + options.seconds * 1000;
    samples.push(await world.omniloom.memory());
    let nextSample = started + options.sampleEverySeconds * 1000;
    let messageDebt = 0;
    let replyDebt = 0;
    let turn = 0;
    let lastTick = started;
    let lastLog = started;
    // Fixed-rate ticks: requests go out on schedule whether or not earlier ones have been answered.
    while (Date.now() < endAt) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = Date.now();
      const elapsed = (now - lastTick) / 1000;
      lastTick = now;
      messageDebt += elapsed * options.messagesPerSecond;
      replyDebt += elapsed * options.repliesPerSecond;
      for (; messageDebt >= 1; messageDebt -= 1) track(deliver(turn++ % 2 === 0 ? 'slack' : 'webhook'));
      for (; replyDebt >= 1; replyDebt -= 1)
        track(reply(replySeq % 2 === 0 ? 'slack' : 'webhook').catch(() => {}));
      if (now >= nextSample) {
        nextSample += options.sampleEverySeconds * 1000;
        samples.push(await world.omniloom.memory());
      }
      if (now - lastLog >= 10_000) {
        lastLog = now;
        const last = samples[samples.length - 1]!;
        log(
          `  t=${Math.round((now - started) / 1000)}s sent ${sent.slack.length + sent.webhook.length} messages, ${replyMarkers.slack.length + replyMarkers.webhook.length} replies; ` +
            `delivered ${world.countIncoming('slack') + world.countIncoming('webhook')}; heap ${(last.heapUsed / MB).toFixed(1)} MB, rss ${(last.rss / MB).toFixed(1)} MB`,
        );
      }
    }
    samples.push(await world.omniloom.memory());
    await Promise.all(inFlight);

    const repliesOut = (channel: LoadChannel) =>
      channel === 'slack'
        ? world.slack.posted.map((post) => post.text)
        : world.receiver.received
            .filter((request) => request.url === '/replies')
            .map((request) => request.body);
    const countMarker = (texts: string[], marker: string) =>
      texts.filter((text) => text.includes(`${marker})`)).length;
    const allArrived = () =>
      (['slack', 'webhook'] as const).every((channel) => {
        const delivered = new Set(world.incomingSourceIds(channel));
        const outs = repliesOut(channel);
        return (
          sent[channel].every((id) => delivered.has(id)) &&
          replyMarkers[channel].every((marker) => countMarker(outs, marker) > 0)
        );
      });
    const drainDeadline = Date.now() + options.drainTimeoutSeconds * 1000;
    while (!allArrived() && Date.now() < drainDeadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // Late duplicates show up after the last original: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const inbound = {} as SoakReport['inbound'];
    const replies = {} as SoakReport['replies'];
    for (const channel of ['slack', 'webhook'] as const) {
      const counts = new Map<string, number>();
      for (const id of world.incomingSourceIds(channel)) counts.set(id, (counts.get(id) ?? 0) + 1);
      const mine = sent[channel].map((id) => counts.get(id) ?? 0);
      inbound[channel] = {
        sent: sent[channel].length,
        refused: refused[channel],
        delivered: mine.reduce((sum, count) => sum + count, 0),
        missing: mine.filter((count) => count === 0).length,
        duplicated: mine.filter((count) => count > 1).length,
      };
      const outs = repliesOut(channel);
      const replyCounts = replyMarkers[channel].map((marker) => countMarker(outs, marker));
      replies[channel] = {
        sent: replyMarkers[channel].length,
        delivered: replyCounts.reduce((sum, count) => sum + count, 0),
        missing: replyCounts.filter((count) => count === 0).length,
        duplicated: replyCounts.filter((count) => count > 1).length,
      };
    }
    const exactlyOnce = (['slack', 'webhook'] as const).every(
      (channel) =>
        inbound[channel].refused === 0 &&
        inbound[channel].missing === 0 &&
        inbound[channel].duplicated === 0 &&
        replies[channel].missing === 0 &&
        replies[channel].duplicated === 0,
    );
    return {
      seconds: options.seconds,
      queue: world.omniloom.queue,
      inbound,
      replies,
      memory: memoryTrend(samples),
      samples,
      exactlyOnce,
    };
  } finally {
    await world.close();
  }
}

/** Heap and RSS trend over the second half of the samples (the first half is warm-up: JIT, caches, pools). */
export function memoryTrend(samples: MemorySample[]): MemoryTrend {
  const half = samples.slice(Math.floor(samples.length / 2));
  const first = half[0];
  const last = half[half.length - 1];
  const span = first && last ? (last.at - first.at) / 1000 : 0;
  const heapSlope = slope(half.map((sample) => [sample.at / 1000, sample.heapUsed]));
  const rssSlope = slope(half.map((sample) => [sample.at / 1000, sample.rss]));
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    samples: samples.length,
    heap_start_mb: round((first?.heapUsed ?? 0) / MB),
    heap_end_mb: round((last?.heapUsed ?? 0) / MB),
    heap_growth_second_half_mb: round((heapSlope * span) / MB),
    heap_slope_mb_per_min: round((heapSlope * 60) / MB),
    rss_start_mb: round((first?.rss ?? 0) / MB),
    rss_end_mb: round((last?.rss ?? 0) / MB),
    rss_growth_second_half_mb: round((rssSlope * span) / MB),
    gc_forced: samples.every((sample) => sample.gcForced),
  };
}

/** Least-squares slope of y over x; 0 with fewer than two points. */
function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}
