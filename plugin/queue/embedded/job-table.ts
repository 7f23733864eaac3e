import type Database from 'better-sqlite3';
import type { DeadLetter, QueueCounts } from '../queue.ts';
import type { ResolvedEnqueueOptions } from '../job-defaults.ts';

/** A job row as claimed by a worker. */
export interface ClaimedJob {
  queue: string;
  id: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
  backoffMs: number;
  createdAt: number;
  leaseToken: string;
}

interface JobRow {
  queue: string;
  id: string;
  data: string;
  attempt: number;
  max_attempts: number;
  backoff_ms: number;
  created_at: number;
  lease_token: string;
}

interface DeadRow {
  queue: string;
  id: string;
  data: string;
  attempt: number;
  last_error: string | null;
  finished_at: number | null;
}

interface CountRow {
  waiting: number;
  delayed: number;
  active: number;
  dead: number;
}

/** Error text kept on a job whose worker died during its last allowed attempt. */
export const LEASE_EXPIRED_ERROR = 'the worker stopped during the last attempt (lease expired)';

/**
 * All SQL on `queue_jobs`, as prepared statements on one connection. Every
 * state change is a single statement or an IMMEDIATE transaction, so several
 * processes can share the file; a job belongs to whoever holds its
 * `lease_token`, and updates from a worker that lost its lease change nothing.
 */
export class JobTable {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      dropExpiredCompleted: db.prepare(
        `DELETE FROM queue_jobs WHERE queue = ? AND id = ? AND state = 'completed' AND finished_at < ?`,
      ),
      insert: db.prepare(
        `INSERT INTO queue_jobs (queue, id, data, state, max_attempts, backoff_ms, run_at, created_at)
         VALUES (?, ?, ?, 'waiting', ?, ?, ?, ?)
         ON CONFLICT (queue, id) DO NOTHING`,
      ),
      claim: db.prepare(
        `UPDATE queue_jobs
            SET state = 'active', attempt = attempt + 1, locked_until = @lockedUntil, lease_token = @token
          WHERE state = 'waiting'
            AND rowid = (SELECT rowid FROM queue_jobs
                          WHERE queue = @queue AND state = 'waiting' AND run_at <= @now
                          ORDER BY run_at, created_at LIMIT 1)
          RETURNING queue, id, data, attempt, max_attempts, backoff_ms, created_at, lease_token`,
      ),
      renew: db.prepare(
        `UPDATE queue_jobs SET locked_until = ?
          WHERE queue = ? AND id = ? AND state = 'active' AND lease_token = ?`,
      ),
      complete: db.prepare(
        `UPDATE queue_jobs
            SET state = 'completed', finished_at = ?, locked_until = NULL, lease_token = NULL, last_error = NULL
          WHERE queue = ? AND id = ? AND state = 'active' AND lease_token = ?`,
      ),
      reschedule: db.prepare(
        `UPDATE queue_jobs
            SET state = 'waiting', run_at = ?, last_error = ?, locked_until = NULL, lease_token = NULL
          WHERE queue = ? AND id = ? AND state = 'active' AND lease_token = ?`,
      ),
      bury: db.prepare(
        `UPDATE queue_jobs
            SET state = 'dead', finished_at = ?, last_error = ?, locked_until = NULL, lease_token = NULL
          WHERE queue = ? AND id = ? AND state = 'active' AND lease_token = ?`,
      ),
      recoverExpired: db.prepare(
        `UPDATE queue_jobs
            SET state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'waiting' END,
                last_error = CASE WHEN attempt >= max_attempts THEN @error ELSE last_error END,
                finished_at = CASE WHEN attempt >= max_attempts THEN @now ELSE NULL END,
                run_at = @now, locked_until = NULL, lease_token = NULL
          WHERE state = 'active' AND locked_until < @now`,
      ),
      hasExpired: db.prepare(
        `SELECT EXISTS (SELECT 1 FROM queue_jobs WHERE state = 'active' AND locked_until < ?) AS found`,
      ),
      pruneCompleted: db.prepare(`DELETE FROM queue_jobs WHERE state = 'completed' AND finished_at < ?`),
      nextRunAt: db.prepare(
        `SELECT MIN(run_at) AS runAt FROM queue_jobs WHERE queue = ? AND state = 'waiting'`,
      ),
      counts: db.prepare(
        `SELECT COALESCE(SUM(state = 'waiting' AND run_at <= @now), 0) AS waiting,
                COALESCE(SUM(state = 'waiting' AND run_at > @now), 0) AS delayed,
                COALESCE(SUM(state = 'active'), 0) AS active,
                COALESCE(SUM(state = 'dead'), 0) AS dead
           FROM queue_jobs WHERE queue = @queue`,
      ),
      deadLetters: db.prepare(
        `SELECT queue, id, data, attempt, last_error, finished_at FROM queue_jobs
          WHERE state = 'dead' AND (@queue IS NULL OR queue = @queue)
          ORDER BY finished_at, queue, id`,
      ),
      revive: db.prepare(
        `UPDATE queue_jobs
            SET state = 'waiting', attempt = 0, run_at = ?, last_error = NULL, finished_at = NULL
          WHERE queue = ? AND id = ? AND state = 'dead'`,
      ),
    };
  }

  /** Whether the connection is still usable (false once the queue is closed). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Inserts a waiting job unless the id is taken. A completed job older than
   * `completedBefore` no longer counts as taken: its retention has run out.
   * @returns true when the job was inserted.
   */
  insert(
    queue: string,
    id: string,
    data: unknown,
    options: ResolvedEnqueueOptions,
    now: number,
    completedBefore: number,
  ): boolean {
    const json = JSON.stringify(data) ?? 'null';
    return this.db
      .transaction(() => {
        this.statements.dropExpiredCompleted.run(queue, id, completedBefore);
        const info = this.statements.insert.run(
          queue,
          id,
          json,
          options.attempts,
          options.backoffMs,
          now + options.delayMs,
          now,
        );
        return info.changes === 1;
      })
      .immediate();
  }

  /** Atomically moves the next due job of `queue` to active under a new lease. */
  claim(queue: string, now: number, lockedUntil: number, token: string): ClaimedJob | undefined {
    const row = this.db
      .transaction(() => this.statements.claim.get({ queue, now, lockedUntil, token }) as JobRow | undefined)
      .immediate();
    if (!row) return undefined;
    return {
      queue: row.queue,
      id: row.id,
      data: JSON.parse(row.data) as unknown,
      attempt: row.attempt,
      maxAttempts: row.max_attempts,
      backoffMs: row.backoff_ms,
      createdAt: row.created_at,
      leaseToken: row.lease_token,
    };
  }

  /** Extends a lease; false when the lease was lost (expired and taken over). */
  renew(job: ClaimedJob, lockedUntil: number): boolean {
    return this.statements.renew.run(lockedUntil, job.queue, job.id, job.leaseToken).changes === 1;
  }

  /** Marks the job done; false when the lease was lost and another run owns the job. */
  complete(job: ClaimedJob, now: number): boolean {
    return this.statements.complete.run(now, job.queue, job.id, job.leaseToken).changes === 1;
  }

  /** Puts the job back to waiting until `runAt`, keeping the error text. */
  reschedule(job: ClaimedJob, runAt: number, error: string): boolean {
    return this.statements.reschedule.run(runAt, error, job.queue, job.id, job.leaseToken).changes === 1;
  }

  /** Moves the job to the dead-letter list. */
  bury(job: ClaimedJob, now: number, error: string): boolean {
    return this.statements.bury.run(now, error, job.queue, job.id, job.leaseToken).changes === 1;
  }

  /**
   * Returns jobs whose lease ran out (their process died or hung) to waiting,
   * or to the dead-letter list when that run was their last allowed attempt so
   * a job that crashes its worker cannot loop forever.
   * @returns how many jobs changed state.
   */
  recoverExpiredLeases(now: number): number {
    // A read first: this runs on every poll, and an UPDATE would take the write lock even when nothing matches.
    if ((this.statements.hasExpired.get(now) as { found: number }).found === 0) return 0;
    return this.statements.recoverExpired.run({ now, error: LEASE_EXPIRED_ERROR }).changes;
  }

  /** Forgets completed jobs that finished before `before`. */
  pruneCompleted(before: number): number {
    return this.statements.pruneCompleted.run(before).changes;
  }

  /** The earliest `run_at` among waiting jobs of `queue`, if any. */
  nextRunAt(queue: string): number | undefined {
    const row = this.statements.nextRunAt.get(queue) as { runAt: number | null };
    return row.runAt ?? undefined;
  }

  counts(queue: string, now: number): QueueCounts {
    const row = this.statements.counts.get({ queue, now }) as CountRow;
    return { waiting: row.waiting, delayed: row.delayed, active: row.active, dead: row.dead };
  }

  deadLetters(queue: string | undefined): DeadLetter[] {
    const rows = this.statements.deadLetters.all({ queue: queue ?? null }) as DeadRow[];
    return rows.map((row) => ({
      id: row.id,
      queue: row.queue,
      data: JSON.parse(row.data) as unknown,
      attempts: row.attempt,
      error: row.last_error ?? '',
      failedAt: new Date(row.finished_at ?? 0).toISOString(),
    }));
  }

  /** Moves a dead job back to waiting with a fresh attempt budget. */
  revive(queue: string, id: string, now: number): boolean {
    return this.statements.revive.run(now, queue, id).changes === 1;
  }
}
