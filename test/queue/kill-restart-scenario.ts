import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { openMarkerDb } from './fixtures/marker-db.ts';
import { spawnWorkerChild, type WorkerChild } from './spawn-worker-child.ts';
import { waitUntil } from './wait-until.ts';

const QUEUE = 'kill-restart';
const JOB_IDS = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6'];
const BLOCKED_JOB = 'job-3';

/**
 * Enqueues jobs, lets a worker process run them until it hangs inside one
 * handler (after that handler's side effect), SIGKILLs it, starts a fresh
 * worker, and checks that every job completed exactly once — none lost, the
 * interrupted one redelivered and its side effect still recorded once.
 * @param parent a queue on the same store as the children (used to enqueue and to watch counts).
 * @param childEnv environment that makes `fixtures/worker-child.ts` open the same store.
 */
export async function runKillRestartScenario(
  parent: JobQueue,
  childEnv: Record<string, string>,
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omniloom-queue-kill-'));
  const markerFile = path.join(dir, 'markers.sqlite');
  const markers = openMarkerDb(markerFile);
  const env = { ...childEnv, QUEUE_CHILD_QUEUE: QUEUE, QUEUE_CHILD_MARKER_FILE: markerFile };
  const children: WorkerChild[] = [];
  try {
    for (const id of JOB_IDS) await parent.add(QUEUE, { id }, { jobId: id, backoffMs: 50 });

    const first = spawnWorkerChild({ ...env, QUEUE_CHILD_BLOCK_JOB: BLOCKED_JOB });
    children.push(first);
    await first.waitForLine(`blocked ${BLOCKED_JOB}`, 15_000);
    first.process.kill('SIGKILL');
    assert.equal(await first.exited, null, 'the first worker dies by the signal');
    assert.ok(
      markers.completions().includes(BLOCKED_JOB),
      'the interrupted handler wrote its marker before dying',
    );

    const second = spawnWorkerChild({ ...env, QUEUE_CHILD_BLOCK_JOB: '' });
    children.push(second);
    await waitUntil(
      async () => {
        const counts = await parent.counts(QUEUE);
        return (
          markers.completions().length === JOB_IDS.length &&
          counts.waiting + counts.active + counts.delayed === 0
        );
      },
      `every job completed (stdout of the restarted worker: ${second.lines.join(' | ')})`,
      20_000,
      50,
    );
    second.process.kill('SIGTERM');
    assert.equal(await second.exited, 0, `the restarted worker shuts down cleanly: ${second.stderr()}`);

    assert.deepEqual(markers.completions(), JOB_IDS, 'one completion marker per job');
    const runs = markers.runsPerJob();
    assert.equal(runs.get(BLOCKED_JOB), 2, 'the interrupted job ran again after the restart');
    for (const id of JOB_IDS.filter((jobId) => jobId !== BLOCKED_JOB)) {
      assert.equal(runs.get(id), 1, `${id} ran once`);
    }
    assert.equal((await parent.counts(QUEUE)).dead, 0);
    assert.equal(
      (await parent.add(QUEUE, {}, { jobId: BLOCKED_JOB })).duplicate,
      true,
      'the job is recorded as done',
    );
  } finally {
    for (const child of children)
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    markers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
