/**
 * The long soak behind `npm run bench:soak`: the same traffic as
 * soak.test.ts for minutes instead of seconds, with a memory table and, with
 * --json, one JSON object as the last line. Exits 1 when a message or reply
 * was lost or doubled, or the heap kept growing in the second half.
 *
 *   npm run bench:soak -- [--seconds 300] [--rate 8] [--replies 2] [--queue embedded|bull]
 *     [--max-heap-growth-mb 32] [--json]
 */
import { parseArgs } from 'node:util';
import { openRedisDb } from '../../bench/lib/open-redis-db.ts';
import { runSoak } from '../../bench/lib/run-soak.ts';

/** Redis database of the bull soak, emptied first. */
const SOAK_REDIS_DB = 13;
const MB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '8' },
    replies: { type: 'string', default: '2' },
    queue: { type: 'string', default: 'embedded' },
    'sample-every': { type: 'string', default: '5' },
    'max-heap-growth-mb': { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
  },
});

let redisUrl: string | undefined;
if (args.queue === 'bull') {
  redisUrl = await openRedisDb(SOAK_REDIS_DB);
  if (!redisUrl) throw new Error('--queue bull needs Redis (REDIS_URL or redis://127.0.0.1:6379)');
} else if (args.queue !== 'embedded') {
  throw new Error(`Unknown queue "${args.queue}"; use embedded or bull`);
}
const seconds = Number(args.seconds);
const maxGrowth = Number(args['max-heap-growth-mb']);
console.log(`soak: ${seconds} s, ${args.rate} messages/s + ${args.replies} replies/s, ${args.queue} queue`);
const report = await runSoak({
  seconds,
  messagesPerSecond: Number(args.rate),
  repliesPerSecond: Number(args.replies),
  sampleEverySeconds: Number(args['sample-every']),
  drainTimeoutSeconds: 300,
  redisUrl,
  log: (line) => console.log(line),
});
if (redisUrl) await openRedisDb(SOAK_REDIS_DB);

const t0 = report.samples[0]?.at ?? 0;
console.log('\n   t s   heap MB    rss MB');
for (const sample of report.samples) {
  console.log(
    `${String(Math.round((sample.at - t0) / 1000)).padStart(6)}  ${(sample.heapUsed / MB).toFixed(1).padStart(8)}  ${(sample.rss / MB).toFixed(1).padStart(8)}`,
  );
}
for (const channel of ['slack', 'webhook'] as const) {
  const inbound = report.inbound[channel];
  const replies = report.replies[channel];
  console.log(
    `${channel}: ${inbound.delivered}/${inbound.sent} messages delivered (missing ${inbound.missing}, doubled ${inbound.duplicated}, refused ${inbound.refused}); ` +
      `replies ${replies.delivered}/${replies.sent} (missing ${replies.missing}, doubled ${replies.duplicated})`,
  );
}
const memory = report.memory;
console.log(
  `heap second half: ${memory.heap_start_mb} → ${memory.heap_end_mb} MB, trend ${memory.heap_growth_second_half_mb} MB (${memory.heap_slope_mb_per_min} MB/min); ` +
    `rss ${memory.rss_start_mb} → ${memory.rss_end_mb} MB`,
);
const flat = memory.heap_growth_second_half_mb < maxGrowth;
if (args.json) console.log(JSON.stringify({ ...report, samples: undefined, flat }));
if (!report.exactlyOnce || !flat) process.exitCode = 1;
