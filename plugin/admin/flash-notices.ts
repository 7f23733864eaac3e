import type { PageFrame } from './render-page.ts';

/**
 * Messages shown after a redirect. The query string carries only a code, never
 * text, so a crafted link cannot make the admin pages display arbitrary words.
 */
const NOTICES = {
  'signed-out': { kind: 'success', text: 'You are signed out.' },
  'settings-saved': { kind: 'success', text: 'Settings saved.' },
  'channel-saved': { kind: 'success', text: 'Channel settings saved.' },
  retried: { kind: 'success', text: 'The job is queued again.' },
  'retry-missing': {
    kind: 'error',
    text: 'That dead letter no longer exists (it may have been retried already).',
  },
  'document-removed': { kind: 'success', text: 'The document and its passages were removed from the knowledge base.' },
  'help-center-connected': {
    kind: 'success',
    text: 'The portal is connected; its published articles are being imported. Reload to see them.',
  },
  'help-center-sync-queued': { kind: 'success', text: 'A sync of the portal is queued. Reload to see its result.' },
  'help-center-disconnected': { kind: 'success', text: 'The portal is disconnected and its articles were removed.' },
  uninstalled: { kind: 'success', text: 'Omniloom was removed from that Chatwoot account.' },
} as const satisfies Record<string, NonNullable<PageFrame['notice']>>;

export type NoticeCode = keyof typeof NOTICES;

/** The notice named by `?notice=<code>`, if it is one we know. */
export function noticeFrom(query: unknown): PageFrame['notice'] {
  const code = (query as { notice?: unknown } | undefined)?.notice;
  if (typeof code !== 'string' || !Object.hasOwn(NOTICES, code)) return undefined;
  return NOTICES[code as NoticeCode];
}

/** `path?notice=code#fragment`. */
export function withNotice(path: string, code: NoticeCode, fragment?: string): string {
  return `${path}?notice=${code}${fragment ? `#${fragment}` : ''}`;
}
