#!/usr/bin/env node
// Omniloom runs its TypeScript sources directly through tsx (esbuild), so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../plugin/cli/main.ts');
