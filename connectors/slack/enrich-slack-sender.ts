/**
 * Looks a Slack sender up with `users.info` to learn their name, avatar and,
 * with the `users:read.email` scope, their email. Slack confirms workspace
 * emails at sign-up, so the address is recorded as verified.
 * https://docs.slack.dev/reference/methods/users.info
 */
import type { Identifier, SenderIdentity } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps } from '../core/connector.ts';
import { callSlack, getSlackClient, slackErrorCode } from './call-slack-api.ts';

/** What Omniloom keeps from a users.info answer. */
interface SlackProfile {
  teamId?: string;
  email?: string;
  realName?: string;
  displayName?: string;
  avatarUrl?: string;
  isBot: boolean;
  username?: string;
}

/** Short: names and emails change rarely, but a stale cache must not outlive a profile fix for long. */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 5_000;
const cache = new Map<string, { expiresAt: number; profile: SlackProfile | null }>();

/** Answers that mean "no profile for you", not "try again": cached as empty so we do not ask again at once. */
const PERMANENT_LOOKUP_ERRORS = new Set([
  'user_not_found',
  'missing_scope',
  'user_not_visible',
  'not_allowed_token_type',
]);

function remember(key: string, profile: SlackProfile | null, now: number): void {
  if (cache.size >= CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { expiresAt: now + CACHE_TTL_MS, profile });
}

async function lookUp(
  userId: string,
  account: ConnectorAccount,
  deps: ConnectorDeps,
): Promise<SlackProfile | null> {
  const key = `${account.installationId}:${userId}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.profile;

  const client = getSlackClient(account, deps.logger);
  try {
    const result = await callSlack('users.info', () => client.users.info({ user: userId }));
    const user = result.user;
    const profile: SlackProfile | null = user
      ? {
          teamId: user.team_id,
          email: user.profile?.email || undefined,
          realName: user.real_name || user.profile?.real_name || undefined,
          displayName: user.profile?.display_name || undefined,
          avatarUrl: user.profile?.image_192 || undefined,
          isBot: user.is_bot === true,
          username: user.name,
        }
      : null;
    remember(key, profile, now);
    return profile;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && PERMANENT_LOOKUP_ERRORS.has(code)) {
      deps.logger.warn(
        { connector: 'slack', slackError: code },
        code === 'missing_scope'
          ? 'Slack users.info refused: add the users:read (and users:read.email) scopes to the app and reinstall it'
          : 'Slack users.info found no profile for the sender',
      );
      remember(key, null, now);
      return null;
    }
    throw error;
  }
}

/** Adds name, avatar and the verified email (when Slack shares it) to a sender parsed from an event. */
export async function enrichSlackSender(
  sender: SenderIdentity,
  account: ConnectorAccount,
  deps: ConnectorDeps,
): Promise<SenderIdentity> {
  const profile = await lookUp(sender.channelUserId, account, deps);
  if (!profile) return sender;
  const identifiers: Identifier[] = [...sender.identifiers];
  const email = profile.email?.trim().toLowerCase();
  if (email && !identifiers.some((id) => id.type === 'email' && id.value === email)) {
    identifiers.push({ type: 'email', value: email, verified: true, source: 'slack:users.info' });
  }
  return {
    ...sender,
    displayName: sender.displayName ?? profile.realName ?? profile.displayName,
    username: sender.username ?? profile.username,
    avatarUrl: sender.avatarUrl ?? profile.avatarUrl,
    isBot: sender.isBot ?? profile.isBot,
    identifiers,
  };
}
