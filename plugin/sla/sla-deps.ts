import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';

/** What the SLA tracker works with. */
export interface SlaDeps {
  store: Store;
  queue: JobQueue;
  directory: InstallationDirectory;
  logger: Logger;
  now: () => Date;
}
