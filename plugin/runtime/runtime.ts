import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';

/**
 * The long-lived parts one Omniloom process is made of. Feature modules
 * receive it and take what they need; nothing reaches for globals.
 */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly queue: JobQueue;
  readonly secrets: SecretBox;
  /** Guards admin endpoints and pages. */
  readonly adminToken: string;
  /** Time source; tests replace it. */
  readonly now: () => Date;
}
