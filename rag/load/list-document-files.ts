import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveFormat } from './load-document.ts';

/**
 * Every loadable file under the given paths (files are taken as they are,
 * folders recursively), as absolute paths in a stable sorted order. Hidden
 * entries and node_modules are skipped; unsupported extensions are ignored.
 */
export async function listDocumentFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (target: string): Promise<void> => {
    const info = await stat(target);
    if (info.isFile()) {
      if (resolveFormat(path.extname(target))) found.add(path.resolve(target));
      return;
    }
    if (!info.isDirectory()) return;
    for (const entry of await readdir(target, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = path.join(target, entry.name);
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile() && resolveFormat(path.extname(entry.name))) found.add(path.resolve(child));
    }
  };
  for (const target of paths) await visit(target);
  return [...found].sort();
}
