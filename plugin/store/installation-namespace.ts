/**
 * Idempotency scopes and key/value namespaces are free strings; by convention
 * they are the installation id or start with `<installationId>:`. These bounds
 * select that family with an index-friendly range instead of a LIKE pattern
 * (installation ids may contain `%` or `_`).
 *
 * `;` is the code point right after `:`, so `[id + ':', id + ';')` holds
 * exactly the strings that start with `id:`.
 */
export function installationNamespaceBounds(installationId: string): {
  exact: string;
  from: string;
  to: string;
} {
  return { exact: installationId, from: `${installationId}:`, to: `${installationId};` };
}
