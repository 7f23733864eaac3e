import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log object. Tokens reach logs
 * mostly through request headers and config objects, so both shapes are covered.
 */
export const REDACTED_PATHS = [
  'token',
  'apiToken',
  'accessToken',
  'access_token',
  'api_access_token',
  'secret',
  'password',
  'authorization',
  'credentials',
  'apiKey',
  '*.token',
  '*.apiToken',
  '*.accessToken',
  '*.access_token',
  '*.api_access_token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.credentials',
  '*.apiKey',
  '*.botToken',
  '*.signingSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["api_access_token"]',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'headers.api_access_token',
  'headers["api_access_token"]',
];

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'omniloom',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}

/** A logger that writes nowhere; handy default for library code under test. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
