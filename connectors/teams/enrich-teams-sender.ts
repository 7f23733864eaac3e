/**
 * Looks a Teams sender up with the Bot Connector's members API
 * (`GET /v3/conversations/{id}/members/{userId}`, by team id in channels) to
 * learn their email and user principal name. Both come from the user's
 * Microsoft Entra tenant, which vouches for them, so they are recorded as
 * verified; guest UPNs (`…#EXT#@…`) are not addresses and are skipped.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#get-single-member-details
 */
import type { Identifier, SenderIdentity } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, EnrichContext } from '../core/connector.ts';
import { callBotConnector } from './call-bot-connector.ts';
import { baseConversationId } from './parse-teams-activity.ts';
import { type TeamsMember, teamsMemberSchema } from './teams-payloads.ts';
import { OmniloomError } from '../../plugin/errors.ts';

const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 5_000;
const cache = new Map<string, { expiresAt: number; member: TeamsMember | null }>();

function remember(key: string, member: TeamsMember | null): void {
  if (cache.size >= CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, { expiresAt: Date.now() + CACHE_TTL_MS, member });
}

function asAddress(value: string | undefined): string | undefined {
  const address = value?.trim().toLowerCase();
  return address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) && !address.includes('#ext#')
    ? address
    : undefined;
}

async function lookUp(
  userId: string,
  account: ConnectorAccount,
  deps: ConnectorDeps,
  address: Record<string, string>,
): Promise<TeamsMember | null> {
  const { serviceUrl, conversationId, teamId } = address;
  if (!serviceUrl || !conversationId) return null;
  const scope = teamId ?? baseConversationId(conversationId);
  const key = `${account.installationId}:${scope}:${userId}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.member;
  try {
    const answer = await callBotConnector(account, {
      method: 'GET',
      serviceUrl,
      path: `v3/conversations/${encodeURIComponent(scope)}/members/${encodeURIComponent(userId)}`,
    });
    const parsed = teamsMemberSchema.safeParse(answer);
    const member = parsed.success ? parsed.data : null;
    remember(key, member);
    return member;
  } catch (error) {
    const status = error instanceof OmniloomError ? error.details?.status : undefined;
    if (status === 404 || status === 403) {
      deps.logger.warn(
        { connector: 'teams', status },
        'Teams members API has no profile for the sender in this conversation',
      );
      remember(key, null);
      return null;
    }
    throw error;
  }
}

/** Adds name, verified email and UPN to a sender parsed from an activity in `context.thread`. */
export async function enrichTeamsSender(
  sender: SenderIdentity,
  account: ConnectorAccount,
  deps: ConnectorDeps,
  context: EnrichContext = {},
): Promise<SenderIdentity> {
  if (!context.thread) {
    deps.logger.debug({ connector: 'teams' }, 'Teams sender lookup needs the conversation; no thread given');
    return sender;
  }
  const member = await lookUp(sender.channelUserId, account, deps, context.thread.address);
  if (!member) return sender;
  const identifiers: Identifier[] = [...sender.identifiers];
  const add = (value: string | undefined, source: string) => {
    if (value && !identifiers.some((id) => id.type === 'email' && id.value === value)) {
      identifiers.push({ type: 'email', value, verified: true, source });
    }
  };
  add(asAddress(member.email), 'teams:members.email');
  add(asAddress(member.userPrincipalName), 'teams:members.upn');
  if (
    member.aadObjectId &&
    !identifiers.some((id) => id.type === 'channel_user' && id.value === `teams:${member.aadObjectId}`)
  ) {
    identifiers.push({
      type: 'channel_user',
      value: `teams:${member.aadObjectId}`,
      verified: true,
      source: 'teams:members',
    });
  }
  const name = member.name ?? ([member.givenName, member.surname].filter(Boolean).join(' ') || undefined);
  return {
    ...sender,
    ...(sender.displayName || name ? { displayName: sender.displayName ?? name } : {}),
    identifiers,
  };
}
