import type { NextFunction, Request, Response } from 'express';
import { NotFoundError, SandboxHttpError, UnauthorizedError } from '../domain/errors.ts';
import type { Actor } from '../domain/sandbox-context.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { AccountRecord, AgentBotRecord, UserRecord } from '../state/records.ts';

/** Who is calling, resolved from the `api_access_token` header. */
export interface Caller {
  actor: Actor;
  user?: UserRecord;
  bot?: AgentBotRecord;
}

/** Caller plus the account of an account-scoped route. */
export interface AccountCaller extends Caller {
  account: AccountRecord;
  isAdmin: boolean;
}

/**
 * Endpoints an agent bot token may call (`AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS`), keyed
 * `<controller>#<action>`.
 */
export type BotEndpoint =
  | 'conversations#toggle_status'
  | 'conversations#toggle_priority'
  | 'conversations#create'
  | 'conversations#update'
  | 'conversations#custom_attributes'
  | 'messages#create'
  | 'assignments#create';

const BOT_ENDPOINTS = new Set<string>([
  'conversations#toggle_status',
  'conversations#toggle_priority',
  'conversations#create',
  'conversations#update',
  'conversations#custom_attributes',
  'messages#create',
  'assignments#create',
]);

/**
 * Resolve the caller like `Api::BaseController`: no header → devise's 401, unknown token → 401
 * "Invalid Access Token", a bot token outside its allowed endpoints → 401.
 */
export function authenticateCaller(core: SandboxCore, req: Request, endpoint?: string): Caller {
  const token = req.get('api_access_token');
  if (!token) {
    throw new SandboxHttpError(401, { errors: ['You need to sign in or sign up before continuing.'] });
  }
  const owner = core.state.findTokenOwner(token);
  if (!owner) throw new UnauthorizedError('Invalid Access Token');
  if (owner.kind === 'user') return { actor: { kind: 'user', user: owner.user }, user: owner.user };
  if (!endpoint || !BOT_ENDPOINTS.has(endpoint)) {
    throw new UnauthorizedError('Access to this endpoint is not authorized for bots');
  }
  return { actor: { kind: 'bot', bot: owner.bot }, bot: owner.bot };
}

/**
 * Resolve the caller and the account of `/api/v1/accounts/:accountId/...` like
 * `EnsureCurrentAccountHelper`: unknown account → 404, a user outside the account or a bot neither
 * owned by it nor attached to one of its inboxes → 401.
 */
export function authenticateAccountCaller(core: SandboxCore, req: Request, endpoint?: string): AccountCaller {
  const caller = authenticateCaller(core, req, endpoint);
  const account = core.state.accounts.get(Number(req.params.accountId));
  if (!account) throw new NotFoundError();
  if (caller.user) {
    const member = caller.user.accounts.find((entry) => entry.accountId === account.id);
    if (!member) throw new UnauthorizedError('You are not authorized to access this account');
    return { ...caller, account, isAdmin: member.role === 'administrator' };
  }
  const bot = caller.bot as AgentBotRecord;
  const attached = [...core.state.agentBotInboxes.values()].some(
    (link) => link.agentBotId === bot.id && link.accountId === account.id,
  );
  if (bot.accountId !== account.id && !attached)
    throw new UnauthorizedError('Bot is not authorized to access this account');
  return { ...caller, account, isAdmin: false };
}

/** Express middleware requiring an administrator of the route's account (Pundit `administrator?`). */
export function requireAdministrator(caller: AccountCaller): void {
  if (!caller.isAdmin) throw new UnauthorizedError('You are not authorized to do this action');
}

/** The caller stored by {@link accountRoute}. */
export function callerOf(res: Response): AccountCaller {
  return res.locals.caller as AccountCaller;
}

/**
 * Middleware authenticating an account-scoped route; `endpoint` names the controller action for the
 * bot allow-list.
 */
export function accountRoute(core: SandboxCore, endpoint?: BotEndpoint | string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.caller = authenticateAccountCaller(core, req, endpoint);
    next();
  };
}
