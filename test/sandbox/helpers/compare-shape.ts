/** JSON type of a value for shape comparison. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Hashes whose keys are free-form data, not structure (their contents are not compared). */
const FREE_FORM = new Set(['content_attributes', 'additional_attributes', 'custom_attributes']);

/**
 * Differences between the structure of `actual` and a sample payload: the same keys at every object
 * level and the same JSON types (null on either side is accepted: those fields are nullable). Arrays
 * are compared through their first elements when both have one; free-form hashes
 * (`content_attributes`, `additional_attributes`, `custom_attributes`) only need to be objects.
 */
export function shapeDifferences(actual: unknown, sample: unknown, path = '$'): string[] {
  const actualType = jsonType(actual);
  const sampleType = jsonType(sample);
  if (actualType === 'null' || sampleType === 'null') return [];
  if (actualType !== sampleType) return [`${path}: ${actualType} instead of ${sampleType}`];
  if (actualType === 'array') {
    const [first] = actual as unknown[];
    const [sampleFirst] = sample as unknown[];
    return first !== undefined && sampleFirst !== undefined
      ? shapeDifferences(first, sampleFirst, `${path}[0]`)
      : [];
  }
  if (actualType !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const s = sample as Record<string, unknown>;
  const differences: string[] = [];
  for (const key of Object.keys(s)) if (!(key in a)) differences.push(`${path}.${key}: missing`);
  for (const key of Object.keys(a)) if (!(key in s)) differences.push(`${path}.${key}: not in the sample`);
  for (const key of Object.keys(s)) {
    if (key in a && !FREE_FORM.has(key))
      differences.push(...shapeDifferences(a[key], s[key], `${path}.${key}`));
  }
  return differences;
}
