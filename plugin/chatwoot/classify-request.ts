/**
 * Decides how safely a Chatwoot request may be sent again after a failure.
 *
 * - `idempotent`: sending it twice leaves Chatwoot as sending it once, so every
 *   transient failure is retried (GET, PUT, DELETE, PATCH, and the POSTs below).
 * - `unsafe`: a repeat could create a duplicate, so only failures that prove
 *   Chatwoot never acted are retried: 429 (Rack::Attack rejects before the app
 *   runs), 503, and connections that were never established.
 * - `reconcile`: like `unsafe`, but after an ambiguous failure (timeout, dropped
 *   connection, 500/502/504) the client first looks the record up via `lookup`
 *   and only re-sends when it is not there. Used for message creation with a
 *   `source_id`, which Chatwoot stores on the message.
 */
export type RetryMode = 'idempotent' | 'unsafe' | 'reconcile';

/** How to find the record an earlier, ambiguous attempt may have created. */
export interface ReconcileLookup {
  /** URL to GET with the same credentials. */
  url: string;
  /** Picks the record out of the lookup's JSON body, or undefined when absent. */
  match: (body: unknown) => unknown;
}

export interface RetryClassification {
  mode: RetryMode;
  lookup?: ReconcileLookup;
}

/**
 * POST routes that assign absolute values (or only read), so a repeat is
 * harmless. Patterns match the end of the path so a base URL with a prefix works.
 * Sources: the Chatwoot controllers named per line (pinned commit in the README).
 */
const IDEMPOTENT_POSTS: readonly { pattern: RegExp; when?: (body: Record<string, unknown>) => boolean }[] = [
  // contacts/filter and conversations/filter only query.
  { pattern: /\/accounts\/\d+\/(contacts|conversations)\/filter$/ },
  // inboxes#set_agent_bot replaces the inbox's bot (or clears it).
  { pattern: /\/accounts\/\d+\/inboxes\/\d+\/set_agent_bot$/ },
  // toggle_status with an explicit status sets it; without one it flips open/resolved.
  {
    pattern: /\/accounts\/\d+\/conversations\/\d+\/toggle_status$/,
    when: (body) => typeof body.status === 'string',
  },
  // toggle_priority assigns the given priority (null clears).
  { pattern: /\/accounts\/\d+\/conversations\/\d+\/toggle_priority$/, when: (body) => 'priority' in body },
  // assignments set the assignee/team to the given id (null unassigns).
  { pattern: /\/accounts\/\d+\/conversations\/\d+\/assignments$/ },
  // labels replace the whole list; custom_attributes replace the hash.
  { pattern: /\/accounts\/\d+\/(conversations|contacts)\/\d+\/labels$/ },
  { pattern: /\/accounts\/\d+\/conversations\/\d+\/custom_attributes$/ },
  // toggle_typing_status sets on/off.
  { pattern: /\/accounts\/\d+\/conversations\/\d+\/toggle_typing_status$/ },
  // ContactInboxBuilder does find_or_create_by!(contact, inbox, source_id) when source_id is given.
  {
    pattern: /\/accounts\/\d+\/contacts\/\d+\/contact_inboxes$/,
    when: (body) => typeof body.source_id === 'string' && body.source_id !== '',
  },
];

const MESSAGES_COLLECTION = /\/accounts\/\d+\/conversations\/\d+\/messages$/;

/**
 * Classifies one request. `body` is the decoded JSON or form body (a plain
 * object of field → value), or undefined when there is none.
 */
export function classifyRequest(
  method: string,
  url: URL,
  body: Record<string, unknown> | undefined,
): RetryClassification {
  const verb = method.toUpperCase();
  if (verb !== 'POST') return { mode: 'idempotent' };
  const fields = body ?? {};
  const pathname = url.pathname.replace(/\/+$/, '');
  for (const rule of IDEMPOTENT_POSTS) {
    if (rule.pattern.test(pathname) && (rule.when === undefined || rule.when(fields)))
      return { mode: 'idempotent' };
  }
  const sourceId = fields.source_id;
  if (MESSAGES_COLLECTION.test(pathname) && typeof sourceId === 'string' && sourceId !== '') {
    const lookupUrl = new URL(url);
    lookupUrl.search = '';
    return {
      mode: 'reconcile',
      lookup: { url: lookupUrl.toString(), match: (list) => findBySourceId(list, sourceId) },
    };
  }
  return { mode: 'unsafe' };
}

/** Finds a message with `source_id` in a messages#index body (`{ payload: [...] }`). */
function findBySourceId(body: unknown, sourceId: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const payload = (body as { payload?: unknown }).payload;
  if (!Array.isArray(payload)) return undefined;
  return payload.find(
    (message: unknown) =>
      typeof message === 'object' &&
      message !== null &&
      (message as { source_id?: unknown }).source_id === sourceId,
  );
}
