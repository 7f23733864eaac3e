import type { TeamRecord } from '../state/records.ts';
import { isoTime } from './format-time.ts';

/** `app/views/api/v1/models/_team.json.jbuilder`; `is_member` is about the calling user. */
export function presentTeam(team: TeamRecord, currentUserId: number | undefined): Record<string, unknown> {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    allow_auto_assign: team.allowAutoAssign,
    account_id: team.accountId,
    is_member: currentUserId !== undefined && team.memberIds.has(currentUserId),
  };
}

/** `render json: @team`: every column of the row (team assignment response). */
export function presentTeamRow(team: TeamRecord): Record<string, unknown> {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    allow_auto_assign: team.allowAutoAssign,
    account_id: team.accountId,
    created_at: isoTime(team.createdAt),
    updated_at: isoTime(team.updatedAt),
  };
}

/** `Team#push_event_data`. */
export function presentTeamPushData(team: TeamRecord): Record<string, unknown> {
  return { id: team.id, name: team.name };
}
