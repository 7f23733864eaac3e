import { OMNILOOM_NAME, type ProvisionContext } from './provision-context.ts';

/** The dashboard app frame beside each conversation. Found again by id, then by URL, so nothing is duplicated. */
export async function ensureDashboardApp(context: ProvisionContext, existingIds: number[]): Promise<Array<{ id: number; url: string }>> {
  const url = context.urls.dashboardApp;
  const apps = await context.chatwoot.listDashboardApps();
  const ours = apps.find((app) => existingIds.includes(app.id)) ?? apps.find((app) => app.content?.some((frame) => frame.url === url));
  const content = [{ type: 'frame' as const, url }];
  if (!ours) {
    const created = await context.chatwoot.createDashboardApp({ title: OMNILOOM_NAME, content });
    context.changes.push(`created dashboard app ${created.id}`);
    return [{ id: created.id, url }];
  }
  const frames = ours.content ?? [];
  if (ours.title !== OMNILOOM_NAME || frames.length !== 1 || frames[0]?.url !== url) {
    await context.chatwoot.updateDashboardApp(ours.id, { title: OMNILOOM_NAME, content });
    context.changes.push(`repaired dashboard app ${ours.id}`);
  }
  return [{ id: ours.id, url }];
}
