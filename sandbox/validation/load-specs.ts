import { readFileSync } from 'node:fs';

/** An OpenAPI document as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
};

/** A loaded spec with the id its schemas are registered under. */
export interface LoadedSpec {
  id: 'swagger' | 'supplement';
  document: OpenApiDocument;
}

/**
 * Turn OpenAPI 3.0 schema dialect into JSON Schema for ajv: `nullable: true` becomes a `null` type
 * (and a `null` enum member), and local `$ref`s point at the document's registered id.
 */
export function toJsonSchema(node: unknown, documentId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, documentId));
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'example' || key === 'examples' || key === 'nullable' || key === 'xml') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      result.$ref = `${documentId}${value}`;
    else result[key] = toJsonSchema(value, documentId);
  }
  if (source.nullable === true) {
    if (typeof result.type === 'string') result.type = [result.type, 'null'];
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
    if (result.type === undefined) return { anyOf: [result, { type: 'null' }] };
  }
  return result;
}

/** Read swagger.json and the supplement. */
export function loadSpecs(swaggerPath: string, supplementPath: string): LoadedSpec[] {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  return [
    { id: 'swagger', document: read(swaggerPath) },
    { id: 'supplement', document: read(supplementPath) },
  ];
}
