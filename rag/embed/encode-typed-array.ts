/** Typed arrays as base64 strings, so fitted models survive a JSON key/value store. */
export function encodeTypedArray(array: Float32Array | Float64Array | Uint32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(base64: string, bytesPerElement: number): ArrayBuffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength % bytesPerElement !== 0) throw new Error('encoded array has a truncated element');
  // Copy into a fresh, aligned buffer (Buffer pools may not be aligned for 4/8-byte views).
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

export function decodeFloat32(base64: string): Float32Array {
  return new Float32Array(decodeBytes(base64, 4));
}

export function decodeFloat64(base64: string): Float64Array {
  return new Float64Array(decodeBytes(base64, 8));
}

export function decodeUint32(base64: string): Uint32Array {
  return new Uint32Array(decodeBytes(base64, 4));
}
