/**
 * Every setting comes from an environment variable, validated once at start-up.
 * A wrong value stops the process with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (value) => value === undefined || protocols.some((protocol) => value.startsWith(protocol)),
    `must start with ${protocols.join(' or ')}`,
  );

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  OMNILOOM_PUBLIC_URL: optionalUrl(['http://', 'https://']),
  OMNILOOM_DATA_DIR: z.string().default('./data'),
  OMNILOOM_SECRET_KEY: optionalString.refine(
    (value) => value === undefined || /^[0-9a-fA-F]{64}$/.test(value),
    'must be 64 hexadecimal characters (a 32-byte key); generate one with `openssl rand -hex 32`',
  ),
  OMNILOOM_ADMIN_TOKEN: optionalString.refine(
    (value) => value === undefined || value.length >= 16,
    'must be at least 16 characters',
  ),
  OMNILOOM_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  MONGODB_URI: optionalUrl(['mongodb://', 'mongodb+srv://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  GEMINI_API_KEY: optionalString,
  GEMINI_BASE_URL: optionalUrl(['http://', 'https://']),
  GEMINI_MODEL: z.string().default('gemini-2.5-flash'),
  GEMINI_EMBEDDING_MODEL: z.string().default('gemini-embedding-001'),
  GEMINI_EMBEDDING_DIMENSIONS: positiveInt.default(768),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OMNILOOM_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb')
    .default('1mb'),
  OMNILOOM_MAX_ATTACHMENT_BYTES: positiveInt.default(25 * 1024 * 1024),
  OMNILOOM_CHATWOOT_TIMEOUT_MS: positiveInt.default(10_000),
  OMNILOOM_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  OMNILOOM_JOB_ATTEMPTS: positiveInt.max(50).default(8),
  OMNILOOM_JOB_BACKOFF_MS: positiveInt.default(1_000),
  OMNILOOM_JOB_LEASE_MS: positiveInt.min(500).default(30_000),
  OMNILOOM_GATEWAY_RECONCILE_MS: positiveInt.min(100).default(30_000),
  OMNILOOM_HELP_CENTER_SYNC_MS: positiveInt.min(1_000).default(3_600_000),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  /** Base URL Chatwoot and the channels call; defaults to http://localhost:PORT. */
  publicUrl: string;
  dataDir: string;
  secretKeyHex?: string;
  adminToken?: string;
  role: 'all' | 'web' | 'worker';
  mongodbUri?: string;
  redisUrl?: string;
  gemini: { apiKey?: string; baseUrl?: string; model: string; embeddingModel: string; embeddingDimensions: number };
  logLevel: string;
  bodyLimit: string;
  maxAttachmentBytes: number;
  chatwootTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Tries and first backoff of background jobs (Chatwoot calls, channel sends) before they are dead-lettered. */
  jobRetry: JobRetryPolicy;
  /** How often workers re-read channel accounts to open, replace or close gateway connections. */
  gatewayReconcileMs: number;
  /** How often Help Center portals kept in sync are pulled into the knowledge base. */
  helpCenterSyncMs: number;
}

export interface JobRetryPolicy {
  attempts: number;
  backoffMs: number;
  /** How long a running job stays claimed without a heartbeat before another worker may take it over. */
  leaseMs: number;
}

/** Parses and validates settings; throws ConfigError listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const raw = parsed.data;
  const publicUrl = (raw.OMNILOOM_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return {
    port: raw.PORT,
    host: raw.HOST,
    publicUrl,
    dataDir: path.resolve(raw.OMNILOOM_DATA_DIR),
    secretKeyHex: raw.OMNILOOM_SECRET_KEY,
    adminToken: raw.OMNILOOM_ADMIN_TOKEN,
    role: raw.OMNILOOM_ROLE,
    mongodbUri: raw.MONGODB_URI,
    redisUrl: raw.REDIS_URL,
    gemini: {
      apiKey: raw.GEMINI_API_KEY,
      baseUrl: raw.GEMINI_BASE_URL,
      model: raw.GEMINI_MODEL,
      embeddingModel: raw.GEMINI_EMBEDDING_MODEL,
      embeddingDimensions: raw.GEMINI_EMBEDDING_DIMENSIONS,
    },
    logLevel: raw.LOG_LEVEL,
    bodyLimit: raw.OMNILOOM_BODY_LIMIT,
    maxAttachmentBytes: raw.OMNILOOM_MAX_ATTACHMENT_BYTES,
    chatwootTimeoutMs: raw.OMNILOOM_CHATWOOT_TIMEOUT_MS,
    shutdownTimeoutMs: raw.OMNILOOM_SHUTDOWN_TIMEOUT_MS,
    gatewayReconcileMs: raw.OMNILOOM_GATEWAY_RECONCILE_MS,
    helpCenterSyncMs: raw.OMNILOOM_HELP_CENTER_SYNC_MS,
    jobRetry: { attempts: raw.OMNILOOM_JOB_ATTEMPTS, backoffMs: raw.OMNILOOM_JOB_BACKOFF_MS, leaseMs: raw.OMNILOOM_JOB_LEASE_MS },
  };
}
