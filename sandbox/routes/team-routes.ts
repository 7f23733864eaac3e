import type { Router } from 'express';
import { NotFoundError, RecordInvalidError, UnauthorizedError } from '../domain/errors.ts';
import { presentTeam } from '../presenters/present-teams.ts';
import { presentAgent } from '../presenters/present-users.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { TeamRecord } from '../state/records.ts';
import { accountRoute, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castBoolean, castInteger, castString, paramsOf, requireWrapped } from './read-params.ts';

const TEAM_ATTRIBUTES = [
  'id',
  'name',
  'description',
  'allow_auto_assign',
  'account_id',
  'created_at',
  'updated_at',
];

/** Teams and team members (`TeamsController`, `TeamMembersController`). */
export function registerTeamRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;

  const findTeam = (accountId: number, id: unknown): TeamRecord => {
    const team = state.teams.get(Number(id));
    if (!team || team.accountId !== accountId) throw new NotFoundError();
    return team;
  };

  const applyTeam = (team: TeamRecord, fields: Record<string, unknown>): void => {
    if (fields.name !== undefined) team.name = (castString(fields.name) ?? '').toLowerCase();
    if (fields.description !== undefined) team.description = castString(fields.description) ?? null;
    const autoAssign = castBoolean(fields.allow_auto_assign);
    if (autoAssign !== undefined) team.allowAutoAssign = autoAssign;
    if (!team.name) throw new RecordInvalidError([['name', 'must not be blank']]);
    const clash = [...state.teams.values()].some(
      (other) => other.accountId === team.accountId && other.id !== team.id && other.name === team.name,
    );
    if (clash) throw new RecordInvalidError([['name', 'has already been taken']]);
  };

  router.get('/api/v1/accounts/:accountId/teams', accountRoute(core), (_req, res) => {
    const caller = callerOf(res);
    const teams = [...state.teams.values()].filter((team) => team.accountId === caller.account.id);
    res.json(teams.map((team) => presentTeam(team, caller.user?.id)));
  });

  router.post('/api/v1/accounts/:accountId/teams', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const fields = requireWrapped(req, 'team', TEAM_ATTRIBUTES);
    const now = core.now();
    const team: TeamRecord = {
      id: 0,
      accountId: caller.account.id,
      name: '',
      description: null,
      allowAutoAssign: true,
      memberIds: new Set(),
      createdAt: now,
      updatedAt: now,
    };
    applyTeam(team, fields);
    team.id = state.nextId('teams');
    state.teams.set(team.id, team);
    res.json(presentTeam(team, caller.user?.id));
  });

  router.get('/api/v1/accounts/:accountId/teams/:teamId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    res.json(presentTeam(findTeam(caller.account.id, req.params.teamId), caller.user?.id));
  });

  router.patch('/api/v1/accounts/:accountId/teams/:teamId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const team = findTeam(caller.account.id, req.params.teamId);
    const draft = { ...team };
    applyTeam(draft, requireWrapped(req, 'team', TEAM_ATTRIBUTES));
    Object.assign(team, draft, { updatedAt: core.now() });
    res.json(presentTeam(team, caller.user?.id));
  });

  router.delete('/api/v1/accounts/:accountId/teams/:teamId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const team = findTeam(caller.account.id, req.params.teamId);
    state.teams.delete(team.id);
    for (const conversation of state.conversations.values())
      if (conversation.teamId === team.id) conversation.teamId = null;
    res.status(200).end();
  });

  router.get('/api/v1/accounts/:accountId/teams/:teamId/team_members', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const team = findTeam(caller.account.id, req.params.teamId);
    const members = [...team.memberIds].map((id) => state.users.get(id)).filter((user) => user !== undefined);
    res.json(members.map((user) => presentAgent(user, caller.account.id)));
  });

  const memberIds = (accountId: number, raw: unknown): number[] => {
    const ids = (Array.isArray(raw) ? raw : []).map((id) => castInteger(id) ?? -1);
    const accountUserIds = new Set(state.accountUsers(accountId).map((user) => user.id));
    if (ids.some((id) => !accountUserIds.has(id))) throw new UnauthorizedError('Invalid User IDs');
    return ids;
  };

  router.post('/api/v1/accounts/:accountId/teams/:teamId/team_members', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const team = findTeam(caller.account.id, req.params.teamId);
    const added = memberIds(caller.account.id, paramsOf(req).user_ids).filter(
      (id) => !team.memberIds.has(id),
    );
    for (const id of added) team.memberIds.add(id);
    res.json(added.map((id) => presentAgent(state.users.get(id)!, caller.account.id)));
  });

  router.patch('/api/v1/accounts/:accountId/teams/:teamId/team_members', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const team = findTeam(caller.account.id, req.params.teamId);
    const ids = memberIds(caller.account.id, paramsOf(req).user_ids);
    team.memberIds = new Set(ids);
    res.json(ids.map((id) => presentAgent(state.users.get(id)!, caller.account.id)));
  });

  router.delete('/api/v1/accounts/:accountId/teams/:teamId/team_members', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const team = findTeam(caller.account.id, req.params.teamId);
    for (const id of memberIds(caller.account.id, paramsOf(req).user_ids)) team.memberIds.delete(id);
    res.status(200).end();
  });
}
