/**
 * The Bot Connector's signing keys: the OpenID metadata document names a
 * `jwks_uri`, whose keys sign the tokens sent to bots. Each key may list the
 * channels it is endorsed for (`endorsements`), which the caller checks.
 * Keys are cached per metadata URL for a day; an unknown `kid` (Microsoft
 * rotates keys) refreshes them at once, but at most once per cool-down so a
 * stream of forged tokens cannot make Omniloom hammer the metadata endpoint.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#step-2-get-the-openid-metadata-document
 */
import { OmniloomError } from '../../plugin/errors.ts';

/** A JSON Web Key as the Bot Framework publishes it, with its channel endorsements. */
export interface TeamsSigningKey {
  kid?: string;
  kty: string;
  n?: string;
  e?: string;
  x5c?: string[];
  alg?: string;
  use?: string;
  endorsements?: string[];
  [other: string]: unknown;
}

interface KeySet {
  keys: Map<string, TeamsSigningKey>;
  fetchedAt: number;
}

const KEYS_TTL_MS = 24 * 60 * 60_000;
/** Least time between two refreshes caused by an unknown `kid`. */
export const UNKNOWN_KID_COOLDOWN_MS = 60_000;

const keySets = new Map<string, KeySet>();
const inFlight = new Map<string, Promise<KeySet>>();
const lastUnknownKidRefresh = new Map<string, number>();

function upstream(message: string, cause?: unknown): OmniloomError {
  return new OmniloomError(message, { code: 'upstream_error', connector: 'teams', cause });
}

async function getJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    throw upstream(
      `Could not fetch the Bot Framework ${what} from ${url}: ${(error as Error).message}`,
      error,
    );
  }
  if (!response.ok) throw upstream(`The Bot Framework ${what} at ${url} answered HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (error) {
    throw upstream(`The Bot Framework ${what} at ${url} is not JSON`, error);
  }
}

async function download(metadataUrl: string): Promise<KeySet> {
  const metadata = (await getJson(metadataUrl, 'OpenID metadata')) as { jwks_uri?: unknown };
  if (typeof metadata?.jwks_uri !== 'string')
    throw upstream(`OpenID metadata at ${metadataUrl} has no jwks_uri`);
  const jwks = (await getJson(metadata.jwks_uri, 'signing keys')) as { keys?: unknown };
  if (!Array.isArray(jwks?.keys)) throw upstream(`The key set at ${metadata.jwks_uri} has no keys`);
  const keys = new Map<string, TeamsSigningKey>();
  for (const key of jwks.keys as TeamsSigningKey[]) {
    if (key && typeof key === 'object' && typeof key.kid === 'string') keys.set(key.kid, key);
  }
  return { keys, fetchedAt: Date.now() };
}

function refresh(metadataUrl: string): Promise<KeySet> {
  let pending = inFlight.get(metadataUrl);
  if (!pending) {
    pending = download(metadataUrl)
      .then((set) => {
        keySets.set(metadataUrl, set);
        return set;
      })
      .finally(() => inFlight.delete(metadataUrl));
    inFlight.set(metadataUrl, pending);
  }
  return pending;
}

/** The key with this `kid` from the metadata's key set, or undefined when even a fresh key set lacks it. */
export async function findTeamsSigningKey(
  metadataUrl: string,
  kid: string,
): Promise<TeamsSigningKey | undefined> {
  let set = keySets.get(metadataUrl);
  if (!set || Date.now() - set.fetchedAt > KEYS_TTL_MS) set = await refresh(metadataUrl);
  const known = set.keys.get(kid);
  if (known) return known;
  const last = lastUnknownKidRefresh.get(metadataUrl) ?? 0;
  if (Date.now() - last < UNKNOWN_KID_COOLDOWN_MS) return undefined;
  lastUnknownKidRefresh.set(metadataUrl, Date.now());
  set = await refresh(metadataUrl);
  return set.keys.get(kid);
}
