import type { ChatwootContext } from './chatwoot-context.ts';
import { expectArray, expectOk, expectRecord } from './expect-response.ts';
import type { ChatwootDashboardApp, DashboardAppInput } from './types.ts';

/** Dashboard apps: iframe tabs beside "Messages" in the conversation view. */
export interface DashboardAppMethods {
  /** `GET .../dashboard_apps`. */
  listDashboardApps(): Promise<ChatwootDashboardApp[]>;
  /** `GET .../dashboard_apps/{id}`. */
  getDashboardApp(appId: number): Promise<ChatwootDashboardApp>;
  /** `POST .../dashboard_apps`; every `content` entry must be `{ type: "frame", url: "http(s)://..." }`. */
  createDashboardApp(input: DashboardAppInput): Promise<ChatwootDashboardApp>;
  /** `PATCH .../dashboard_apps/{id}`. */
  updateDashboardApp(appId: number, input: Partial<DashboardAppInput>): Promise<ChatwootDashboardApp>;
  /** `DELETE .../dashboard_apps/{id}`. */
  deleteDashboardApp(appId: number): Promise<void>;
}

export function createDashboardAppMethods({ supplement, accountId }: ChatwootContext): DashboardAppMethods {
  const account = { path: { account_id: accountId } };
  const app = (id: number) => ({ path: { account_id: accountId, id } });
  return {
    async listDashboardApps() {
      const what = 'GET dashboard_apps';
      return expectArray<ChatwootDashboardApp>(
        what,
        await expectOk(
          what,
          supplement.GET('/api/v1/accounts/{account_id}/dashboard_apps', { params: account }),
        ),
      );
    },
    async getDashboardApp(appId) {
      const what = `GET dashboard_app ${appId}`;
      return expectRecord<ChatwootDashboardApp>(
        what,
        await expectOk(
          what,
          supplement.GET('/api/v1/accounts/{account_id}/dashboard_apps/{id}', { params: app(appId) }),
        ),
      );
    },
    async createDashboardApp(input) {
      const what = 'POST dashboard_apps';
      const body = await expectOk(
        what,
        supplement.POST('/api/v1/accounts/{account_id}/dashboard_apps', {
          params: account,
          body: { dashboard_app: input },
        }),
      );
      return expectRecord<ChatwootDashboardApp>(what, body);
    },
    async updateDashboardApp(appId, input) {
      const what = `PATCH dashboard_app ${appId}`;
      const body = await expectOk(
        what,
        supplement.PATCH('/api/v1/accounts/{account_id}/dashboard_apps/{id}', {
          params: app(appId),
          body: { dashboard_app: input },
        }),
      );
      return expectRecord<ChatwootDashboardApp>(what, body);
    },
    async deleteDashboardApp(appId) {
      await expectOk(
        `DELETE dashboard_app ${appId}`,
        supplement.DELETE('/api/v1/accounts/{account_id}/dashboard_apps/{id}', { params: app(appId) }),
      );
    },
  };
}
