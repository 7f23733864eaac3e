/**
 * Inbound benchmark: the Slack Events API route of a real Omniloom (signature
 * verified, event durably queued, 200) against a bare express route, at fixed
 * rates and at max throughput, then end-to-end messages per second into the
 * sandbox Chatwoot — for the embedded queue and for bull on Redis. Everything
 * runs on 127.0.0.1 and stops by itself. With --json the last line printed is
 * one JSON object.
 *
 *   npm run bench:inbound -- [--json] [--rates 200,500,1000] [--duration 5]
 *     [--connections 32] [--queues embedded,bull] [--messages 300] [--threads 16]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openRedisDb } from '../lib/open-redis-db.ts';
import { measureEndToEnd, type EndToEndReport } from './measure-end-to-end.ts';
import { measureRoute, type RouteReport } from './measure-route.ts';
import { printQueueReport } from './print-inbound-report.ts';

/** Redis database the bull runs use, emptied before each phase. */
const BENCH_REDIS_DB = 12;

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    rates: { type: 'string', default: '200,500,1000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    queues: { type: 'string', default: 'embedded,bull' },
    messages: { type: 'string', default: '300' },
    threads: { type: 'string', default: '16' },
    'e2e-timeout': { type: 'string', default: '120' },
  },
});

const rates = args.rates
  .split(',')
  .map((rate) => Number(rate.trim()))
  .filter((rate) => Number.isFinite(rate) && rate > 0);
const durationSeconds = positive(args.duration, 'duration');
const connections = positive(args.connections, 'connections');
const messages = positive(args.messages, 'messages');
const threads = positive(args.threads, 'threads');
const e2eTimeout = positive(args['e2e-timeout'], 'e2e-timeout');
const queues = args.queues.split(',').map((queue) => queue.trim()) as Array<'embedded' | 'bull'>;

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`--${name} must be a positive number, got "${value}"`);
  return number;
}

interface QueueRun {
  queue: 'embedded' | 'bull';
  route: RouteReport;
  e2e: EndToEndReport;
}

const machine = {
  cpus: os.availableParallelism(),
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
};
console.log(
  `machine: ${machine.cpus} cores (${machine.cpu_model}), ${machine.memory_gb} GB RAM, node ${machine.node}`,
);
console.log(
  `rates ${rates.join(', ')} rps + max, ${durationSeconds} s each, ${connections} connections; e2e ${messages} messages over ${threads} threads`,
);

const runs: QueueRun[] = [];
const skipped: string[] = [];
for (const queue of queues) {
  let redisUrl: string | undefined;
  if (queue === 'bull') {
    redisUrl = await openRedisDb(BENCH_REDIS_DB);
    if (!redisUrl) {
      console.log('bull: Redis does not answer (REDIS_URL or redis://127.0.0.1:6379); skipped');
      skipped.push('bull');
      continue;
    }
  } else if (queue !== 'embedded') {
    throw new Error(`Unknown queue "${queue}"; use embedded and/or bull`);
  }
  console.log(`\n== ${queue} queue: request path ==`);
  const route = await measureRoute({
    rates,
    durationSeconds,
    connections,
    redisUrl,
    log: (line) => console.log(line),
  });
  if (queue === 'bull') redisUrl = await openRedisDb(BENCH_REDIS_DB);
  console.log(`== ${queue} queue: end to end ==`);
  const e2e = await measureEndToEnd({
    messages,
    connections: Math.min(connections, 16),
    threads,
    timeoutSeconds: e2eTimeout,
    redisUrl,
  });
  if (queue === 'bull') await openRedisDb(BENCH_REDIS_DB);
  const run = { queue, route, e2e };
  runs.push(run);
  printQueueReport(run);
}

const summary = (run: QueueRun) => ({
  queue: run.queue,
  omniloom: pick(run.route.max.omniloom),
  bare: pick(run.route.max.bare),
  ratio: run.route.ratio,
  rates: run.route.runs.map((entry) => ({
    target_rps: entry.target_rps ?? 'max',
    omniloom: pick(entry.omniloom),
    bare: pick(entry.bare),
  })),
  e2e: {
    msgs_per_s: run.e2e.msgs_per_s,
    messages: run.e2e.messages,
    delivered: run.e2e.delivered,
    distinct: run.e2e.distinct,
    seconds: run.e2e.seconds,
    accepted_rps: run.e2e.accepted_rps,
  },
});
function pick(result: { rps: number; p50_ms: number; p99_ms: number; non2xx: number; errors: number }) {
  return {
    rps: result.rps,
    p50_ms: result.p50_ms,
    p99_ms: result.p99_ms,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const summaries = runs.map(summary);
const lead = summaries.find((entry) => entry.queue === 'embedded') ?? summaries[0];
if (args.json) {
  console.log(JSON.stringify({ ...(lead ?? {}), runs: summaries, skipped, machine }));
}
const failed = runs.filter(
  (run) => run.e2e.delivered !== run.e2e.messages || run.e2e.distinct !== run.e2e.delivered,
);
if (failed.length > 0) {
  console.error(`exactly-once violated for: ${failed.map((run) => run.queue).join(', ')}`);
  process.exitCode = 1;
}
