import { formatTime } from '../../admin/format-time.ts';
import type { ChatwootPortal } from '../../chatwoot/types.ts';
import type { KbDocumentRecord } from '../../store/store.ts';
import type { HelpCenterPortalSource } from '../help-center/help-center-portals.ts';

/** Where a document came from, read off its source. */
export function describeOrigin(source: string): string {
  const helpCenter = /^chatwoot-help-center:(.+):article:\d+$/.exec(source);
  if (helpCenter) return `Help Center · ${helpCenter[1]}`;
  if (source.startsWith('upload:')) return 'Uploaded';
  if (source.startsWith('file://')) return 'File (command line)';
  if (/^https?:\/\//.test(source)) return 'Web page';
  return 'API';
}

export function presentDocuments(documents: Array<KbDocumentRecord & { chunks: number }>) {
  return [...documents]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((document) => ({
      id: document.id,
      title: document.title,
      origin: describeOrigin(document.source),
      chunks: document.chunks,
      language: document.language,
      inboxId: document.inboxId,
      updated: formatTime(document.updatedAt),
    }));
}

export function presentConnectedPortals(sources: HelpCenterPortalSource[], available: ChatwootPortal[] | undefined) {
  return sources.map((source) => ({
    slug: source.portal,
    name: available?.find((portal) => portal.slug === source.portal)?.name ?? source.portal,
    inboxId: source.inboxId,
    keepInSync: source.keepInSync,
    lastRun: source.lastRun && {
      ...source.lastRun,
      when: formatTime(source.lastRun.at),
    },
  }));
}

/** Portals of the account not connected yet, for the connect form. */
export function presentAvailablePortals(sources: HelpCenterPortalSource[], available: ChatwootPortal[] | undefined) {
  const connected = new Set(sources.map((source) => source.portal));
  return (available ?? [])
    .filter((portal) => !connected.has(portal.slug))
    .map((portal) => ({ slug: portal.slug, name: portal.name }));
}
