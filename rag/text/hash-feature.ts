/**
 * 32-bit FNV-1a over the UTF-16 code units of a string. Fast, stable across
 * runs and platforms, which is what hashed feature vectors need; it is not a
 * cryptographic hash.
 */
export function hashFeature(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
