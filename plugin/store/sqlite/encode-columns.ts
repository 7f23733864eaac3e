/**
 * Conversions between record fields and SQLite column values: JSON objects
 * live in TEXT columns, vectors in BLOBs holding Float32Array bytes, optional
 * fields in NULL-able columns.
 */

/** Serialises a JSON-able value for a TEXT column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Parses a TEXT column written by {@link toJson}. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** `undefined` → NULL for optional columns. */
export function toNullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** NULL → `undefined` for optional fields. */
export function fromNullable<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

/** The bytes of a Float32Array, for a BLOB column (no copy). */
export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/**
 * A BLOB back into a Float32Array. The copy matters: a Buffer from the driver
 * may sit at an offset that is not 4-byte aligned, and Float32Array needs it.
 */
export function blobToVector(blob: Buffer): Float32Array {
  const bytes = new Uint8Array(blob.byteLength);
  bytes.set(blob);
  return new Float32Array(bytes.buffer, 0, blob.byteLength / 4);
}
