import type { AppRouters } from '../http/create-app.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { Realtime } from './realtime.ts';

export interface Features {
  routers: AppRouters;
  /** Registers queue handlers; only processes with the worker role call it. */
  startWorkers(): void;
  stop(): Promise<void>;
}

/** Wires every feature's routes and workers onto one runtime. */
export function assembleFeatures(_runtime: Runtime, _realtime: Realtime): Features {
  return {
    routers: { raw: [], parsed: [] },
    startWorkers() {},
    async stop() {},
  };
}
