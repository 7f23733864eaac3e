import type { ChatwootContext } from './chatwoot-context.ts';
import { expectArray, expectOk, expectRecord } from './expect-response.ts';
import type { ChatwootAgent, ChatwootProfile, ChatwootTeam } from './types.ts';

/** Profile, agents and teams. */
export interface AccountMethods {
  /** `GET /api/v1/profile`: the user (or bot) owning the token; a cheap credentials check. */
  getProfile(): Promise<ChatwootProfile>;
  /** `GET .../agents`: every agent of the account. */
  listAgents(): Promise<ChatwootAgent[]>;
  /** `GET .../teams`: every team of the account. */
  listTeams(): Promise<ChatwootTeam[]>;
}

export function createAccountMethods({ api, accountId }: ChatwootContext): AccountMethods {
  const account = { path: { account_id: accountId } };
  return {
    async getProfile() {
      const what = 'GET profile';
      return expectRecord<ChatwootProfile>(what, await expectOk(what, api.GET('/api/v1/profile')));
    },
    async listAgents() {
      const what = 'GET agents';
      return expectArray<ChatwootAgent>(
        what,
        await expectOk(what, api.GET('/api/v1/accounts/{account_id}/agents', { params: account })),
      );
    },
    async listTeams() {
      const what = 'GET teams';
      return expectArray<ChatwootTeam>(
        what,
        await expectOk(what, api.GET('/api/v1/accounts/{account_id}/teams', { params: account })),
      );
    },
  };
}
