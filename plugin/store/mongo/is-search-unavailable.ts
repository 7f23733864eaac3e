/**
 * Server error codes meaning "this deployment cannot run `$vectorSearch` /
 * Atlas Search at all" (as opposed to a bad query):
 * - 31082 SearchNotEnabled: MongoDB 8 community without a search process;
 * - 40324 unrecognised pipeline stage: servers that predate the stage;
 * - 6047401: "$vectorSearch is not allowed": tiers or versions without Vector Search;
 * - 115 CommandNotSupported / 59 CommandNotFound: `listSearchIndexes` on a plain server.
 */
const UNAVAILABLE_CODES = new Set([31082, 40324, 6047401, 115, 59]);

const UNAVAILABLE_MESSAGES = [
  /SearchNotEnabled/i,
  /requires additional configuration/i,
  /Unrecognized pipeline stage name: '\$(vectorSearch|listSearchIndexes)'/i,
  /\$vectorSearch is not allowed/i,
  /only (allowed|available|supported) on (MongoDB )?Atlas/i,
  /Atlas Search is not (enabled|available)/i,
];

/** True when `error` says the server has no vector search, so the exact pipeline must take over. */
export function isSearchUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; codeName?: unknown; message?: unknown; errmsg?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.codeName === 'SearchNotEnabled') return true;
  const text = `${typeof e.message === 'string' ? e.message : ''} ${typeof e.errmsg === 'string' ? e.errmsg : ''}`;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(text));
}
