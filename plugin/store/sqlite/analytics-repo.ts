import { dropUndefined } from '../drop-undefined.ts';
import type { AnalyticsEventRecord, AnalyticsStore } from '../store.ts';
import { normalizeTime } from '../normalize-time.ts';
import { createAnalyticsAggregator } from './aggregate-analytics.ts';
import { fromJson, fromNullable, toJson, toNullable } from './encode-columns.ts';
import type { SqliteDatabase } from './open-database.ts';

interface AnalyticsRow {
  installation_id: string;
  type: string;
  channel: string | null;
  inbox_id: number | null;
  conversation_id: number | null;
  at: string;
  data: string;
}

function fromRow(row: AnalyticsRow): AnalyticsEventRecord {
  return dropUndefined({
    installationId: row.installation_id,
    type: row.type,
    channel: fromNullable(row.channel),
    inboxId: fromNullable(row.inbox_id),
    conversationId: fromNullable(row.conversation_id),
    at: row.at,
    data: fromJson<Record<string, unknown>>(row.data),
  });
}

/**
 * Analytics events in SQLite. `at` is stored normalised to UTC ISO-8601 so a
 * time range is a plain index range scan.
 */
export function createAnalyticsRepo(db: SqliteDatabase): AnalyticsStore {
  const insert = db.prepare(`INSERT INTO analytics_events
    (installation_id, type, channel, inbox_id, conversation_id, at, data)
    VALUES (@installation_id, @type, @channel, @inbox_id, @conversation_id, @at, @data)`);
  const inRange = db.prepare<[string, string, string], AnalyticsRow>(
    `SELECT * FROM analytics_events WHERE installation_id = ? AND at >= ? AND at < ? ORDER BY at, rowid`,
  );
  const inRangeOfTypes = db.prepare<[string, string, string, string], AnalyticsRow>(
    `SELECT * FROM analytics_events WHERE installation_id = ? AND at >= ? AND at < ?
       AND type IN (SELECT value FROM json_each(?)) ORDER BY at, rowid`,
  );

  const write = (event: AnalyticsEventRecord): void => {
    insert.run({
      installation_id: event.installationId,
      type: event.type,
      channel: toNullable(event.channel),
      inbox_id: toNullable(event.inboxId),
      conversation_id: toNullable(event.conversationId),
      at: normalizeTime(event.at, 'analytics event at'),
      data: toJson(event.data),
    });
  };
  const writeMany = db.transaction((events: AnalyticsEventRecord[]) => events.forEach(write));
  const aggregate = createAnalyticsAggregator(db);

  return {
    async record(event) {
      write(event);
    },
    async recordMany(events) {
      writeMany.immediate(events);
    },
    async list(query) {
      const from = normalizeTime(query.from, 'from');
      const to = normalizeTime(query.to, 'to');
      const rows =
        query.types === undefined
          ? inRange.all(query.installationId, from, to)
          : inRangeOfTypes.all(query.installationId, from, to, JSON.stringify(query.types));
      return rows.map(fromRow);
    },
    async aggregate(query) {
      return aggregate(query);
    },
  };
}
