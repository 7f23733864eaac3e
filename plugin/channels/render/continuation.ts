import type { ListItem } from 'mdast';

declare module 'mdast' {
  interface ListItemData {
    /** Set by the splitter on the second half of a list item cut across two messages. */
    omniloomContinuation?: boolean;
  }
}

/** True when this list item continues an item begun in the previous message (render it without a marker). */
export function isContinuation(item: ListItem): boolean {
  return item.data?.omniloomContinuation === true;
}

/** Returns a copy of `item` flagged as the continuation of an item cut in two. */
export function asContinuation(item: ListItem): ListItem {
  return { ...item, data: { ...item.data, omniloomContinuation: true } };
}
