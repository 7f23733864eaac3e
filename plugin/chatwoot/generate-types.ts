/**
 * Generates the checked-in Chatwoot API types from the OpenAPI specs.
 *
 * Run with `npm run generate:chatwoot`. A test regenerates into a temp dir with
 * the same function and compares, so the generated files never drift from the specs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

/** One spec → one generated module. Paths are relative to the repository root. */
export interface ChatwootTypeSource {
  spec: string;
  output: string;
}

/**
 * Chatwoot's own spec (kept in `../shared`, beside the clone) plus our supplement
 * for the routes that spec leaves out (dashboard apps, contact merge, message
 * status, inbox delete, help-center reads, typing status).
 */
export const CHATWOOT_TYPE_SOURCES: readonly ChatwootTypeSource[] = [
  { spec: path.join('..', 'shared', 'chatwoot', 'swagger.json'), output: 'chatwoot-api.ts' },
  { spec: path.join('spec', 'chatwoot-supplement.openapi.json'), output: 'chatwoot-supplement.ts' },
];

/** Repository root, derived from this file's location (plugin/chatwoot/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the generated modules are checked in. */
export const GENERATED_DIR = path.join(REPO_ROOT, 'plugin', 'chatwoot', 'generated');

/**
 * Free-form JSON objects (`custom_attributes`, `content_attributes`, ...) are
 * `type: object` without properties in Chatwoot's spec; openapi-typescript would
 * type them `Record<string, never>`, which rejects every real value.
 */
const GENERATOR_OPTIONS = { emptyObjectsUnknown: true, silent: true } as const;

/** Renders one spec to TypeScript source text. */
export async function renderChatwootTypes(specPath: string, repoRoot: string = REPO_ROOT): Promise<string> {
  const spec = JSON.parse(await readFile(specPath, 'utf8')) as OpenAPI3;
  const ast = await openapiTS(spec, GENERATOR_OPTIONS);
  const source = path.relative(repoRoot, specPath).split(path.sep).join('/');
  return `${COMMENT_HEADER}// Source: ${source}. Regenerate with \`npm run generate:chatwoot\`.\n\n${astToString(ast)}`;
}

/**
 * Writes every generated module into `outDir` and returns the written file paths.
 * Throws when a spec file is missing, so a stale checkout fails loudly.
 */
export async function generateChatwootTypes(
  outDir: string = GENERATED_DIR,
  repoRoot: string = REPO_ROOT,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const source of CHATWOOT_TYPE_SOURCES) {
    const text = await renderChatwootTypes(path.resolve(repoRoot, source.spec), repoRoot);
    const target = path.join(outDir, source.output);
    await writeFile(target, text);
    written.push(target);
  }
  return written;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const written = await generateChatwootTypes(
    process.argv[2] ? path.resolve(process.argv[2]) : GENERATED_DIR,
  );
  console.error(`Generated ${written.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
}
