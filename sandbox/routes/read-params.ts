import type { NextFunction, Request, Response } from 'express';
import { UnprocessableError } from '../domain/errors.ts';

import { type UploadedFile, isUploadedFile } from '../domain/uploaded-file.ts';

export { isUploadedFile };
export type { UploadedFile };

type Params = Record<string, unknown>;

/** Rails `params`: query string and body merged (the body wins), without path parameters. */
export function paramsOf(req: Request): Params {
  const body =
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Params) : {};
  return { ...(req.query as Params), ...body };
}

/**
 * `params.require(key)` with Rails' JSON parameter wrapping: when the body has no `key` object, the
 * top-level keys that are attributes of the model are wrapped under it (`wrap_parameters format: [:json]`).
 */
export function requireWrapped(req: Request, key: string, attributes: readonly string[]): Params {
  const params = paramsOf(req);
  const value = params[key];
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Params;
  if (req.is('application/json')) {
    const wrapped = Object.fromEntries(Object.entries(params).filter(([name]) => attributes.includes(name)));
    if (Object.keys(wrapped).length > 0) return wrapped;
  }
  throw new UnprocessableError(`param is missing or the value is empty: ${key}`);
}

/** Like {@link requireWrapped} but an absent key yields an empty object (`params[:key].present?` checks). */
export function optionalWrapped(
  req: Request,
  key: string,
  attributes: readonly string[],
): Params | undefined {
  try {
    return requireWrapped(req, key, attributes);
  } catch {
    return undefined;
  }
}

/** ActiveModel boolean casting ("true", "1", "t", "on" → true; "false", "0", "f", "off", "" → false). */
export function castBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return !['false', '0', 'f', 'off', 'F', 'FALSE', 'OFF'].includes(String(value));
}

/** Integer casting of a parameter; undefined for absent or blank values. */
export function castInteger(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number.parseInt(String(value), 10);
  return Number.isNaN(number) ? undefined : number;
}

/** A plain object parameter (permit `{}`), or undefined. */
export function castObject(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value) && !isUploadedFile(value)) {
    return value as Record<string, unknown>;
  }
  return undefined;
}

/** A string parameter; numbers are turned into strings, other types are dropped. */
export function castString(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Assign a value at a Rails-style bracketed field name (`a`, `a[]`, `a[b]`, `a[b][]`). */
function assignField(target: Params, name: string, value: unknown): void {
  const parts = name.replace(/\]/g, '').split('[');
  let cursor: Params = target;
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    const nextIsArray = parts[index + 1] === '';
    if (part === '') return;
    if (last) {
      cursor[part] = value;
      return;
    }
    if (nextIsArray && index + 1 === parts.length - 1) {
      const list = Array.isArray(cursor[part]) ? (cursor[part] as unknown[]) : [];
      list.push(value);
      cursor[part] = list;
      return;
    }
    if (typeof cursor[part] !== 'object' || cursor[part] === null) cursor[part] = {};
    cursor = cursor[part] as Params;
  });
}

/**
 * Parse multipart/form-data bodies into `req.body` (fields as strings, files as {@link UploadedFile}),
 * using the platform's own multipart parser.
 */
export async function parseMultipart(req: Request, _res: Response, next: NextFunction): Promise<void> {
  if (!req.is('multipart/form-data')) return next();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const form = await new globalThis.Request('http://sandbox.local/', {
    method: 'POST',
    headers: { 'content-type': req.get('content-type') ?? '' },
    body: Buffer.concat(chunks),
  }).formData();
  const body: Params = {};
  for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
    if (typeof value === 'string') {
      assignField(body, name, value);
    } else {
      const file: UploadedFile = {
        uploaded: true,
        fileName: value.name || 'file',
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      };
      assignField(body, name, file);
    }
  }
  req.body = body;
  next();
}
