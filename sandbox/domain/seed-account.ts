import { generateSecureToken } from '../state/generate-tokens.ts';
import type { AccountRecord, AccountRole, UserRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';

/** Create an account. */
export function createAccount(state: SandboxState, name: string, now: Date, id?: number): AccountRecord {
  const accountId = id ?? state.nextId('accounts');
  if (state.accounts.has(accountId)) throw new Error(`account ${accountId} exists`);
  const account: AccountRecord = {
    id: accountId,
    name,
    locale: 'en',
    domain: null,
    supportEmail: null,
    createdAt: now,
  };
  state.accounts.set(account.id, account);
  return account;
}

/** Create a user (with its API access token) that belongs to an account with a role. */
export function createUser(
  state: SandboxState,
  accountId: number,
  input: { name: string; email: string; role: AccountRole; accessToken?: string },
  now: Date,
): UserRecord {
  const existing = [...state.users.values()].find((user) => user.email === input.email);
  if (existing) {
    if (!existing.accounts.some((member) => member.accountId === accountId)) {
      existing.accounts.push({
        accountId,
        role: input.role,
        availability: 'online',
        autoOffline: true,
        inviterId: null,
        activeAt: now,
      });
    }
    return existing;
  }
  const user: UserRecord = {
    id: state.nextId('users'),
    name: input.name,
    displayName: null,
    email: input.email,
    accessToken: input.accessToken ?? generateSecureToken(),
    pubsubToken: generateSecureToken(),
    uiSettings: {},
    customAttributes: {},
    messageSignature: null,
    accounts: [
      {
        accountId,
        role: input.role,
        availability: 'online',
        autoOffline: true,
        inviterId: null,
        activeAt: now,
      },
    ],
    createdAt: now,
  };
  state.users.set(user.id, user);
  return user;
}
