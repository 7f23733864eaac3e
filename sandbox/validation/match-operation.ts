import type { LoadedSpec } from './load-specs.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** One OpenAPI operation the router knows. */
export interface SpecOperation {
  specId: LoadedSpec['id'];
  method: string;
  template: string;
  operation: Record<string, unknown>;
  pathParameters: unknown[];
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
}

/** Result of matching a request against the specs. */
export type OperationMatch =
  | { kind: 'operation'; operation: SpecOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; templates: string[] }
  | { kind: 'unknown-path' };

function compileTemplate(template: string): { regex: RegExp; paramNames: string[]; literalSegments: number } {
  const trimmed = template.replace(/\/+$/, '');
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = trimmed
    .split('/')
    .map((segment) => {
      const match = /^\{([^}]+)\}$/.exec(segment);
      if (match) {
        paramNames.push(match[1] ?? '');
        return '([^/]+)';
      }
      if (segment) literalSegments += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), paramNames, literalSegments };
}

/** A small router over the paths of the loaded specs. */
export class OperationRouter {
  private readonly operations: SpecOperation[] = [];

  constructor(specs: LoadedSpec[]) {
    for (const spec of specs) {
      for (const [template, item] of Object.entries(spec.document.paths)) {
        const compiled = compileTemplate(template);
        const pathParameters = Array.isArray(item.parameters) ? item.parameters : [];
        for (const method of METHODS) {
          const operation = item[method];
          if (!operation || typeof operation !== 'object') continue;
          this.operations.push({
            specId: spec.id,
            method: method.toUpperCase(),
            template,
            operation: operation as Record<string, unknown>,
            pathParameters,
            ...compiled,
          });
        }
      }
    }
  }

  /** Find the operation of a request; literal segments win over parameters (`/contacts/search` before `/contacts/{id}`). */
  match(method: string, path: string): OperationMatch {
    const candidates = this.operations
      .map((operation) => ({ operation, found: operation.regex.exec(path) }))
      .filter((entry): entry is { operation: SpecOperation; found: RegExpExecArray } => entry.found !== null);
    if (candidates.length === 0) return { kind: 'unknown-path' };
    const best = Math.max(...candidates.map((entry) => entry.operation.literalSegments));
    const mostSpecific = candidates.filter((entry) => entry.operation.literalSegments === best);
    const chosen = mostSpecific.find((entry) => entry.operation.method === method.toUpperCase());
    if (!chosen)
      return {
        kind: 'method-not-allowed',
        templates: [...new Set(mostSpecific.map((entry) => entry.operation.template))],
      };
    const pathParams: Record<string, string> = {};
    chosen.operation.paramNames.forEach((name, index) => {
      pathParams[name] = decodeURIComponent(chosen.found[index + 1] ?? '');
    });
    return { kind: 'operation', operation: chosen.operation, pathParams };
  }
}
