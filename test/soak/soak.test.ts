/**
 * Soak (short by default): steady Slack, webhook-channel and agent-reply
 * traffic against a real Omniloom child process. Memory must stay flat in the
 * second half and every message and reply must arrive exactly once.
 * SOAK_SECONDS (default 20), SOAK_RATE (messages/s, default 6) and
 * SOAK_MAX_HEAP_GROWTH_MB (default 24) tune it; `npm run bench:soak` runs long.
 */
import assert from 'node:assert/strict';
import { runSoak, type SoakReport } from '../../bench/lib/run-soak.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const RATE = Number(process.env.SOAK_RATE ?? 6);
const MAX_HEAP_GROWTH_MB = Number(process.env.SOAK_MAX_HEAP_GROWTH_MB ?? 24);

describe('soak: steady traffic across channels', function () {
  this.timeout((SECONDS + 180) * 1000);
  let report: SoakReport;

  before(async () => {
    report = await runSoak({
      seconds: SECONDS,
      messagesPerSecond: RATE,
      repliesPerSecond: Math.max(1, RATE / 4),
      sampleEverySeconds: SECONDS >= 120 ? 5 : 1,
      drainTimeoutSeconds: 120,
      log: process.env.SOAK_VERBOSE ? (line) => console.log(line) : undefined,
    });
    if (process.env.SOAK_VERBOSE) console.log(JSON.stringify({ ...report, samples: undefined }, null, 2));
  });

  it('acknowledges every customer message and delivers each to Chatwoot exactly once', () => {
    for (const channel of ['slack', 'webhook'] as const) {
      const tally = report.inbound[channel];
      assert.ok(tally.sent > 0, `no ${channel} traffic was sent`);
      assert.deepEqual(
        {
          refused: tally.refused,
          missing: tally.missing,
          duplicated: tally.duplicated,
          delivered: tally.delivered,
        },
        { refused: 0, missing: 0, duplicated: 0, delivered: tally.sent },
        `${channel}: ${JSON.stringify(tally)}`,
      );
    }
  });

  it('sends every agent reply back out through its channel exactly once', () => {
    for (const channel of ['slack', 'webhook'] as const) {
      const tally = report.replies[channel];
      assert.ok(tally.sent > 0, `no ${channel} reply was posted`);
      assert.deepEqual(
        { missing: tally.missing, duplicated: tally.duplicated },
        { missing: 0, duplicated: 0 },
        `${channel}: ${JSON.stringify(tally)}`,
      );
    }
  });

  it('keeps the heap flat in the second half (samples after forced GC)', () => {
    const memory = report.memory;
    assert.ok(memory.gc_forced, 'the Omniloom child must run with --expose-gc');
    assert.ok(memory.samples >= 6, `only ${memory.samples} memory samples`);
    assert.ok(
      memory.heap_growth_second_half_mb < MAX_HEAP_GROWTH_MB,
      `heap grew ${memory.heap_growth_second_half_mb} MB over the second half (${memory.heap_start_mb} → ${memory.heap_end_mb} MB)`,
    );
  });
});
