import type { Client } from 'openapi-fetch';
import type { paths as ApiPaths } from './generated/chatwoot-api.ts';
import type { paths as SupplementPaths } from './generated/chatwoot-supplement.ts';

/** openapi-fetch client typed by Chatwoot's own swagger.json. */
export type ChatwootApiClient = Client<ApiPaths>;

/** openapi-fetch client typed by our supplement (routes swagger.json leaves out). */
export type ChatwootSupplementClient = Client<SupplementPaths>;

/** What every group of typed methods needs: the raw clients and the account they act on. */
export interface ChatwootContext {
  api: ChatwootApiClient;
  supplement: ChatwootSupplementClient;
  accountId: number;
}
