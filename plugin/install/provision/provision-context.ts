import type { ChatwootClient } from '../../chatwoot/client.ts';
import { ChatwootApiError } from '../../errors.ts';
import type { InstallationUrls } from '../public-urls.ts';

/** Shared by every provisioning step: the admin client, the URLs to register, and the change log. */
export interface ProvisionContext {
  chatwoot: ChatwootClient;
  urls: InstallationUrls;
  changes: string[];
}

/** Reads an object Omniloom created earlier; undefined when someone deleted it since. */
export async function readIfExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return undefined;
    throw error;
  }
}

export const OMNILOOM_NAME = 'Omniloom';
