import type { Router } from 'express';
import { UnauthorizedError } from '../domain/errors.ts';
import { presentAccount } from '../presenters/present-account.ts';
import { presentAgent, presentProfile } from '../presenters/present-users.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { accountRoute, authenticateCaller, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castString, paramsOf } from './read-params.ts';

/** Profile, account and agent list endpoints. */
export function registerAccountRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;

  router.get('/api/v1/profile', (req, res) => {
    const caller = authenticateCaller(core, req);
    const user = caller.user;
    if (!user) throw new UnauthorizedError('Access to this endpoint is not authorized for bots');
    const names = new Map([...state.accounts.values()].map((account) => [account.id, account.name]));
    res.json(presentProfile(user, names));
  });

  router.get('/api/v1/accounts/:accountId', accountRoute(core), (_req, res) => {
    res.json({ ...presentAccount(callerOf(res).account), latest_chatwoot_version: null });
  });

  router.patch('/api/v1/accounts/:accountId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const params = paramsOf(req);
    const account = caller.account;
    const name = castString(params.name);
    if (name) account.name = name;
    const locale = castString(params.locale);
    if (locale) account.locale = locale;
    if (params.domain !== undefined) account.domain = castString(params.domain) ?? null;
    if (params.support_email !== undefined) account.supportEmail = castString(params.support_email) ?? null;
    res.json(presentAccount(account));
  });

  router.get('/api/v1/accounts/:accountId/agents', accountRoute(core), (_req, res) => {
    const { account } = callerOf(res);
    res.json(state.accountUsers(account.id).map((user) => presentAgent(user, account.id)));
  });
}
