/**
 * End-to-end throughput: signed Slack deliveries into a full Omniloom (web and
 * workers in one process), counted as they arrive as messages in the sandbox
 * Chatwoot. msgs/s = messages delivered ÷ time from the first request to the
 * last message created.
 */
import { randomBytes } from 'node:crypto';
import { createSlackMessageFactory } from '../lib/build-slack-message.ts';
import { fireLoad, type LoadResult } from '../lib/fire-load.ts';
import { startLoadWorld } from '../lib/start-load-world.ts';

export interface EndToEndReport {
  messages: number;
  delivered: number;
  /** Distinct source ids delivered: equals `delivered` when nothing was doubled. */
  distinct: number;
  msgs_per_s: number;
  /** Seconds from the first request to the last message created. */
  seconds: number;
  /** Rate at which the webhook route acknowledged the same messages. */
  accepted_rps: number;
  ingest: LoadResult;
  /** Messages delivered per elapsed second, for the table. */
  timeline: Array<{ t_s: number; delivered: number }>;
}

export interface MeasureEndToEndOptions {
  messages: number;
  connections: number;
  threads: number;
  timeoutSeconds: number;
  redisUrl?: string;
  /** Installation settings; the default keeps the agent bot in its default (suggest) mode. */
  settings?: Record<string, unknown>;
}

/** Sends `messages` signed Slack events as fast as they are acknowledged and waits for all of them in the sandbox. */
export async function measureEndToEnd(options: MeasureEndToEndOptions): Promise<EndToEndReport> {
  const world = await startLoadWorld({
    omniloom: { env: options.redisUrl ? { REDIS_URL: options.redisUrl } : {} },
    ...(options.settings ? { settings: options.settings } : {}),
  });
  try {
    const runId = `e${randomBytes(3).toString('hex')}`;
    const next = createSlackMessageFactory({
      runId,
      signingSecret: world.signingSecrets.slack,
      threads: options.threads,
    });
    const started = Date.now();
    const timeline: EndToEndReport['timeline'] = [];
    let lastCount = 0;
    let lastArrival = started;
    const sample = () => {
      const count = world.countIncoming('slack');
      if (count > lastCount) {
        lastCount = count;
        lastArrival = Date.now();
      }
      return count;
    };
    const sampler = setInterval(() => {
      sample();
    }, 20);
    const ticker = setInterval(
      () => timeline.push({ t_s: Math.round((Date.now() - started) / 1000), delivered: lastCount }),
      1000,
    );
    let ingest: LoadResult;
    try {
      ingest = await fireLoad({
        url: world.webhookUrl('slack'),
        connections: options.connections,
        amount: options.messages,
        nextRequest: next,
      });
      const deadline = Date.now() + options.timeoutSeconds * 1000;
      while (sample() < ingest.ok && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      // Anything doubled arrives late: give the workers a moment to show it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      sample();
    } finally {
      clearInterval(sampler);
      clearInterval(ticker);
    }
    timeline.push({ t_s: Math.round(((lastArrival - started) / 1000) * 10) / 10, delivered: lastCount });
    const ids = world.incomingSourceIds('slack').filter((id) => id.startsWith(`D${runId.toUpperCase()}`));
    const seconds = (lastArrival - started) / 1000;
    return {
      messages: ingest.ok,
      delivered: ids.length,
      distinct: new Set(ids).size,
      msgs_per_s: Math.round((ids.length / Math.max(seconds, 0.001)) * 10) / 10,
      seconds: Math.round(seconds * 100) / 100,
      accepted_rps: ingest.rps,
      ingest,
      timeline,
    };
  } finally {
    await world.close();
  }
}
