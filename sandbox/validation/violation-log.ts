/** Kinds of spec violations the sandbox records. */
export type ViolationKind =
  | 'unknown-path'
  | 'method-not-allowed'
  | 'path-parameter'
  | 'query-parameter'
  | 'unknown-query-parameter'
  | 'missing-body'
  | 'unexpected-body'
  | 'unsupported-media-type'
  | 'request-body'
  | 'undeclared-status'
  | 'response-body';

/** One schema error (ajv's, trimmed). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** JSON type of the value that failed (`null`, `string`, `integer`, …). */
  actualType: string;
}

/** A request or response that does not match Chatwoot's spec (swagger.json + the supplement). */
export interface Violation {
  id: number;
  at: string;
  direction: 'request' | 'response';
  kind: ViolationKind;
  method: string;
  path: string;
  /** `METHOD /template` of the matched operation, null when no operation matched. */
  operation: string | null;
  status?: number;
  parameter?: string;
  message: string;
  errors?: SchemaError[];
}

/** The recorded violations (`GET /__sandbox/violations`). */
export class ViolationLog {
  readonly entries: Violation[] = [];
  private nextId = 1;

  /** Record one violation. */
  add(violation: Omit<Violation, 'id' | 'at'>): void {
    this.entries.push({ id: this.nextId++, at: new Date().toISOString(), ...violation });
  }

  /** Forget everything recorded. */
  clear(): void {
    this.entries.length = 0;
  }
}
