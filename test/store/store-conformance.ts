import type { Store } from '../../plugin/store/store.ts';
import { describeInstallationsConformance } from './conformance/installations.ts';
import { describeChannelAccountsConformance } from './conformance/channel-accounts.ts';
import { describeIdentitiesConformance } from './conformance/identities.ts';
import { describeThreadLinksConformance } from './conformance/thread-links.ts';
import { describeMessageLinksConformance } from './conformance/message-links.ts';
import { describeKnowledgeConformance } from './conformance/knowledge.ts';
import { describeVectorSearchConformance } from './conformance/vector-search.ts';
import { describeSuggestionsConformance } from './conformance/suggestions.ts';
import { describeMergeSuggestionsConformance } from './conformance/merge-suggestions.ts';
import { describeAuditConformance } from './conformance/audit.ts';
import { describeAnalyticsConformance } from './conformance/analytics.ts';
import { describeAnalyticsAggregateConformance } from './conformance/analytics-aggregate.ts';
import { describeIdempotencyConformance } from './conformance/idempotency.ts';
import { describeKeyValueConformance } from './conformance/key-value.ts';
import { describePurgeInstallationConformance } from './conformance/purge-installation.ts';
import { describeRestartConformance } from './conformance/restart.ts';
import { uid, type ConformanceContext } from './conformance/fixtures.ts';

/**
 * The behaviour every Store adapter must share. `open` returns a store on
 * the same database each time it is called (the restart section closes one
 * and opens another). Each section lives in ./conformance/.
 */
export function describeStoreConformance(name: string, open: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, function () {
    const context = { open } as ConformanceContext;

    before(async function () {
      context.store = await open();
    });

    after(async function () {
      await context.store?.close();
    });

    beforeEach(function () {
      context.a = uid('tenant-a');
      context.b = uid('tenant-b');
    });

    describeInstallationsConformance(context);
    describeChannelAccountsConformance(context);
    describeIdentitiesConformance(context);
    describeThreadLinksConformance(context);
    describeMessageLinksConformance(context);
    describeKnowledgeConformance(context);
    describeVectorSearchConformance(context);
    describeSuggestionsConformance(context);
    describeMergeSuggestionsConformance(context);
    describeAuditConformance(context);
    describeAnalyticsConformance(context);
    describeAnalyticsAggregateConformance(context);
    describeIdempotencyConformance(context);
    describeKeyValueConformance(context);
    describePurgeInstallationConformance(context);
    describeRestartConformance(context);
  });
}
