import type { List, ListItem, PhrasingContent, Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * Rewrites a GFM table as a bullet list with one item per data row, each cell
 * labelled by its column header: `- **Plan**: Basic; **Price**: $5`.
 *
 * Chat screens are narrow, most channels have no table syntax and aligned
 * columns fall apart with proportional fonts, emoji and RTL text; labelled
 * rows stay readable everywhere and survive splitting between rows.
 */
export function degradeTable(table: Table): List {
  const [header, ...rows] = table.children;
  const headerCells = header?.children ?? [];
  if (rows.length === 0) {
    const cells = headerCells.filter((cell) => toString(cell).trim() !== '');
    return bulletList([item(joinCells(cells.map((cell) => cell.children)))]);
  }
  return bulletList(
    rows.map((row) => {
      const parts: PhrasingContent[][] = [];
      row.children.forEach((cell, index) => {
        if (toString(cell).trim() === '') return;
        const label = headerCells[index];
        parts.push(label && toString(label).trim() !== '' ? labelled(label, cell) : cell.children);
      });
      return item(joinCells(parts));
    }),
  );
}

function labelled(label: TableCell, cell: TableCell): PhrasingContent[] {
  return [{ type: 'strong', children: label.children }, { type: 'text', value: ': ' }, ...cell.children];
}

function joinCells(cells: PhrasingContent[][]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  cells.forEach((cell, index) => {
    if (index > 0) out.push({ type: 'text', value: '; ' });
    out.push(...cell);
  });
  return out;
}

function item(children: PhrasingContent[]): ListItem {
  return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] };
}

function bulletList(children: ListItem[]): List {
  return { type: 'list', ordered: false, spread: false, children };
}
