import type { IncomingMessage } from 'node:http';

/** Requests carry the exact bytes they arrived with: signatures are computed over these, never over re-serialised JSON. */
export interface RequestWithRawBody extends IncomingMessage {
  rawBody?: Buffer;
}

/** `verify` callback for express body parsers that keeps the raw bytes. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as RequestWithRawBody).rawBody = buffer;
}
