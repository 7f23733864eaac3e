import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Definition, Image, Link, Nodes, Parents, Root } from 'mdast';

const parser = unified().use(remarkParse).use(remarkGfm);

/**
 * Parses CommonMark + GFM into an mdast tree ready for the channel serializers.
 *
 * Reference-style links and images are resolved into plain `link` / `image`
 * nodes and their `definition` nodes are dropped, so no serializer has to
 * look definitions up. Carriage returns are folded into `\n` first because
 * several channels (and Chatwoot's Telegram conversion) treat a bare `\r` as
 * its own line break.
 */
export function parseMarkdown(markdown: string): Root {
  const tree = parser.parse(markdown.replace(/\r\n?/g, '\n'));
  const definitions = new Map<string, Definition>();
  collectDefinitions(tree, definitions);
  resolveReferences(tree, definitions);
  return tree;
}

function collectDefinitions(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition') {
    // CommonMark: the first definition of a label wins.
    if (!into.has(node.identifier)) into.set(node.identifier, node);
    return;
  }
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

function resolveReferences(parent: Parents, definitions: Map<string, Definition>): void {
  const resolved: Nodes[] = [];
  for (const child of parent.children) {
    if (child.type === 'definition') continue;
    if (child.type === 'linkReference') {
      const definition = definitions.get(child.identifier);
      const link: Link = {
        type: 'link',
        url: definition?.url ?? '',
        title: definition?.title ?? null,
        children: child.children,
      };
      resolveReferences(link, definitions);
      resolved.push(link);
      continue;
    }
    if (child.type === 'imageReference') {
      const definition = definitions.get(child.identifier);
      const image: Image = {
        type: 'image',
        url: definition?.url ?? '',
        title: definition?.title ?? null,
        alt: child.alt ?? '',
      };
      resolved.push(image);
      continue;
    }
    if ('children' in child) resolveReferences(child, definitions);
    resolved.push(child);
  }
  // The parent's child type is preserved: references are phrasing and become phrasing.
  (parent as { children: Nodes[] }).children = resolved;
}
