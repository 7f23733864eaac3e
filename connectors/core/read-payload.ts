import type { z } from 'zod';
import { BadRequestError } from '../../plugin/errors.ts';

/** Names the payload in error messages: `Slack envelope`, `Teams activity`. */
export interface PayloadLabel {
  /** Connector id, carried in the error details. */
  connector: string;
  /** What the body is, as the operator would call it (`Slack payload`, `Viber callback`). */
  what: string;
}

/**
 * Decodes a delivery body into a JSON object: bytes that are not UTF-8, text
 * that is not JSON, or JSON that is not an object are a BadRequestError (400).
 * `parse` replaces JSON.parse where a platform needs it (Viber's 64-bit ids).
 */
export function readJsonObject(
  raw: Buffer,
  label: PayloadLabel,
  parse: (text: string) => unknown = JSON.parse,
): Record<string, unknown> {
  const fail = (problem: string) =>
    new BadRequestError(`${label.what} ${problem}`, 400, 'bad_request', { connector: label.connector });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw fail('is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw fail('is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('must be a JSON object');
  return value as Record<string, unknown>;
}

/** `schema`'s output for `value`, or a BadRequestError naming the first problems. */
export function validatePayload<T extends z.ZodType>(schema: T, value: unknown, label: PayloadLabel): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new BadRequestError(`Malformed ${label.what}: ${issues.slice(0, 3).join('; ')}`, 400, 'bad_request', {
    connector: label.connector,
  });
}
