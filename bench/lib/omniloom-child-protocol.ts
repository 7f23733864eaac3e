/** IPC messages between a benchmark driver and `serve-omniloom-child.ts`. */

/** What the driver asks the child. */
export type ParentCommand = { type: 'memory' } | { type: 'stop' };

/** One memory sample of the child, taken after a forced GC when `gcForced`. */
export interface MemorySample {
  type: 'memory';
  /** Epoch ms. */
  at: number;
  gcForced: boolean;
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  mallocedMemory: number;
}

/** What the child reports. */
export type ChildReport =
  { type: 'ready'; url: string; queue: string; bareUrl?: string } | MemorySample | { type: 'stopped' };
