/**
 * Request-path throughput: signed Slack Events API deliveries against the real
 * `/webhooks/slack/:installationId` route (verify → parse → durable enqueue →
 * 200) and the same load against a bare express route answering 200, in the
 * same kind of process. Omniloom runs with OMNILOOM_ROLE=web, so the figures
 * are the web tier's alone; workers are measured end to end separately.
 */
import { randomBytes } from 'node:crypto';
import { createSlackMessageFactory } from '../lib/build-slack-message.ts';
import { fireLoad, type LoadResult } from '../lib/fire-load.ts';
import { startLoadWorld } from '../lib/start-load-world.ts';

export interface RouteRun {
  target_rps?: number;
  omniloom: LoadResult;
  bare: LoadResult;
}

export interface RouteReport {
  /** One entry per fixed rate, then the max-throughput run last. */
  runs: RouteRun[];
  max: RouteRun;
  /** Omniloom's max throughput over the bare route's. */
  ratio: number;
  /** Messages Omniloom answered with `queued: 1` in the check before the load. */
  checked: boolean;
}

export interface MeasureRouteOptions {
  rates: number[];
  durationSeconds: number;
  connections: number;
  /** REDIS_URL for the bull queue; undefined → embedded queue. */
  redisUrl?: string;
  log?: (line: string) => void;
}

/** Runs every fixed rate and a max-throughput run against both targets. */
export async function measureRoute(options: MeasureRouteOptions): Promise<RouteReport> {
  const log = options.log ?? (() => {});
  const world = await startLoadWorld({
    omniloom: {
      bareRoute: true,
      env: { OMNILOOM_ROLE: 'web', ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}) },
    },
  });
  try {
    const next = createSlackMessageFactory({
      runId: `r${randomBytes(3).toString('hex')}`,
      signingSecret: world.signingSecrets.slack,
      threads: 64,
    });
    const omniloomUrl = world.webhookUrl('slack');
    const bareUrl = `${world.omniloom.bareUrl ?? ''}/webhooks/slack/${world.installationId}`;

    // The route must really verify and queue, or the numbers mean nothing.
    const probe = next();
    const answer = await fetch(omniloomUrl, { method: 'POST', headers: probe.headers, body: probe.body });
    const probeBody = (await answer.json()) as { queued?: number };
    if (answer.status !== 200 || probeBody.queued !== 1) {
      throw new Error(
        `Slack route did not queue the probe event: ${answer.status} ${JSON.stringify(probeBody)}`,
      );
    }
    const tampered = next();
    const refused = await fetch(omniloomUrl, {
      method: 'POST',
      headers: tampered.headers,
      body: tampered.body.replace('Load', 'L0ad'),
    });
    if (refused.status !== 401) throw new Error(`Slack route accepted a tampered body (${refused.status})`);

    const run = (url: string, rate?: number, durationSeconds = options.durationSeconds) =>
      fireLoad({ url, connections: options.connections, rate, durationSeconds, nextRequest: next });
    log('warming up (JIT, SQLite page cache, connection pools)…');
    await run(omniloomUrl, 200, 2);
    await run(bareUrl, 200, 2);

    const runs: RouteRun[] = [];
    for (const rate of [...options.rates, undefined]) {
      const omniloom = await run(omniloomUrl, rate);
      const bare = await run(bareUrl, rate);
      runs.push({ ...(rate ? { target_rps: rate } : {}), omniloom, bare });
      log(
        `  ${rate ? `${rate} rps` : 'max'}: omniloom ${omniloom.rps} rps p50 ${omniloom.p50_ms} ms p99 ${omniloom.p99_ms} ms | bare ${bare.rps} rps`,
      );
    }
    const max = runs[runs.length - 1]!;
    return { runs, max, ratio: round(max.omniloom.rps / Math.max(max.bare.rps, 1)), checked: true };
  } finally {
    await world.close();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
