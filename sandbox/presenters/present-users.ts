import type { AccountUserRecord, UserRecord } from '../state/records.ts';
import { isoTime } from './format-time.ts';

/** The user's membership in an account (`current_account_user`). */
export function membershipOf(user: UserRecord, accountId: number | undefined): AccountUserRecord | undefined {
  return user.accounts.find((member) => member.accountId === accountId);
}

/** `available_name`: display name when set, else the name. */
export function availableName(user: UserRecord): string {
  return user.displayName || user.name;
}

/**
 * Derived presence (`account_user.availability_status`). Nobody holds a realtime connection to the
 * sandbox, so everyone is offline, as Chatwoot reports agents without a live session.
 */
export function availabilityStatus(): 'offline' {
  return 'offline';
}

/** `app/views/api/v1/models/_agent.json.jbuilder`. */
export function presentAgent(user: UserRecord, accountId: number | undefined): Record<string, unknown> {
  const member = membershipOf(user, accountId);
  const json: Record<string, unknown> = {
    id: user.id,
    account_id: accountId ?? null,
    availability_status: availabilityStatus(),
    auto_offline: member?.autoOffline ?? true,
    confirmed: true,
    email: user.email,
    provider: 'email',
    available_name: availableName(user),
  };
  if (Object.keys(user.customAttributes).length > 0) json.custom_attributes = user.customAttributes;
  json.name = user.name;
  json.role = member?.role ?? 'agent';
  json.thumbnail = '';
  return json;
}

/** `User#push_event_data` (conversation meta assignee, message sender in push data). */
export function presentUserPushData(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    available_name: availableName(user),
    avatar_url: '',
    type: 'user',
    availability_status: availabilityStatus(),
    thumbnail: '',
  };
}

/** `User#webhook_data` (message sender in webhooks, typing events). */
export function presentUserWebhookData(user: UserRecord): Record<string, unknown> {
  return { id: user.id, name: user.name, email: user.email, type: 'user' };
}

/** `app/views/api/v1/models/_user.json.jbuilder` (profile). */
export function presentProfile(user: UserRecord, accountNames: Map<number, string>): Record<string, unknown> {
  const active = user.accounts[0];
  return {
    access_token: user.accessToken,
    account_id: active?.accountId ?? null,
    available_name: availableName(user),
    avatar_url: '',
    confirmed: true,
    display_name: user.displayName,
    message_signature: user.messageSignature,
    email: user.email,
    id: user.id,
    inviter_id: active?.inviterId ?? null,
    name: user.name,
    provider: 'email',
    pubsub_token: user.pubsubToken,
    ...(Object.keys(user.customAttributes).length > 0 ? { custom_attributes: user.customAttributes } : {}),
    role: active?.role ?? null,
    ui_settings: user.uiSettings,
    uid: user.email,
    type: null,
    accounts: user.accounts.map((member) => ({
      id: member.accountId,
      name: accountNames.get(member.accountId) ?? '',
      status: 'active',
      active_at: isoTime(member.activeAt),
      role: member.role,
      permissions: [member.role === 'administrator' ? 'administrator' : 'agent'],
      availability: member.availability,
      availability_status: availabilityStatus(),
      auto_offline: member.autoOffline,
    })),
  };
}
