import type { BlockContent, DefinitionContent, List, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isContinuation } from './continuation.ts';
import { isAllowedUrl } from './link-policy.ts';

/**
 * Renders markdown (as mdast) as an HTML email body fragment (no `<html>`
 * wrapper; Chatwoot's mail layout or the sender adds it).
 *
 * Safe by construction: every text and attribute value is escaped, raw HTML
 * in the markdown is shown as text, and only http(s)/mailto/tel targets become
 * links or images. Soft line breaks become `<br>` like in the Chatwoot widget,
 * because replies often rely on single newlines (addresses, signatures).
 */
export function renderEmailHtml(root: Root): string {
  return blocks(root.children);
}

type Block = RootContent | BlockContent | DefinitionContent;

function blocks(nodes: readonly Block[]): string {
  return nodes
    .map(block)
    .filter((html) => html !== '')
    .join('\n');
}

function block(node: Block): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${phrasing(node.children)}</p>`;
    case 'heading':
      return `<h${node.depth}>${phrasing(node.children)}</h${node.depth}>`;
    case 'thematicBreak':
      return '<hr>';
    case 'blockquote':
      return `<blockquote>\n${blocks(node.children)}\n</blockquote>`;
    case 'list':
      return list(node);
    case 'code': {
      const lang = node.lang && /^[\w+#-]+$/.test(node.lang) ? ` class="language-${node.lang}"` : '';
      return `<pre><code${lang}>${escapeHtml(node.value)}</code></pre>`;
    }
    case 'html':
      return `<p>${lineBreaks(escapeHtml(node.value))}</p>`;
    case 'table':
      return table(node);
    case 'footnoteDefinition':
      return `<div><sup>[${escapeHtml(node.label ?? node.identifier)}]</sup>\n${blocks(node.children)}\n</div>`;
    case 'definition':
    case 'yaml':
      return '';
    default:
      return `<p>${phrasing([node as PhrasingContent])}</p>`;
  }
}

function list(node: List): string {
  const tag = node.ordered ? 'ol' : 'ul';
  const start = node.ordered && node.start != null && node.start !== 1 ? ` start="${node.start}"` : '';
  const items = node.children.map((item) => {
    const box = item.checked === true ? '&#9745; ' : item.checked === false ? '&#9744; ' : '';
    // A tight item's single paragraph is written without <p>, as browsers and mail clients expect.
    const [first, ...rest] = item.children;
    const body =
      !item.spread && first?.type === 'paragraph'
        ? [phrasing(first.children), blocks(rest)].filter((html) => html !== '').join('\n')
        : blocks(item.children);
    const style = isContinuation(item) ? ' style="list-style:none"' : '';
    return `<li${style}>${box}${body}</li>`;
  });
  return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
}

function table(node: Table): string {
  const align = node.align ?? [];
  const [head, ...body] = node.children;
  const cell = (tag: 'th' | 'td', children: PhrasingContent[], index: number): string => {
    const alignment = align[index];
    const style = alignment ? ` style="text-align:${alignment}"` : '';
    return `<${tag}${style}>${phrasing(children)}</${tag}>`;
  };
  const headHtml = head
    ? `<thead>\n<tr>${head.children.map((c, i) => cell('th', c.children, i)).join('')}</tr>\n</thead>`
    : '';
  const bodyHtml = body.length
    ? `\n<tbody>\n${body.map((row) => `<tr>${row.children.map((c, i) => cell('td', c.children, i)).join('')}</tr>`).join('\n')}\n</tbody>`
    : '';
  return `<table>\n${headHtml}${bodyHtml}\n</table>`;
}

function phrasing(nodes: readonly PhrasingContent[]): string {
  return nodes.map(inline).join('');
}

function inline(node: PhrasingContent): string {
  switch (node.type) {
    case 'text':
      return lineBreaks(escapeHtml(node.value));
    case 'strong':
      return `<strong>${phrasing(node.children)}</strong>`;
    case 'emphasis':
      return `<em>${phrasing(node.children)}</em>`;
    case 'delete':
      return `<del>${phrasing(node.children)}</del>`;
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'break':
      return '<br>\n';
    case 'link': {
      const label = phrasing(node.children);
      return isAllowedUrl(node.url) ? `<a href="${escapeHtml(node.url)}">${label}</a>` : label;
    }
    case 'image':
      return isAllowedUrl(node.url) && /^https?:/.test(node.url)
        ? `<img src="${escapeHtml(node.url)}" alt="${escapeHtml(node.alt ?? '')}">`
        : escapeHtml(node.alt ?? '');
    case 'html':
      return escapeHtml(node.value);
    case 'footnoteReference':
      return `<sup>[${escapeHtml(node.label ?? node.identifier)}]</sup>`;
    default:
      return escapeHtml(toString(node));
  }
}

function lineBreaks(html: string): string {
  return html.replace(/\n/g, '<br>\n');
}

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
