/**
 * Which link targets Omniloom is willing to turn into clickable links.
 *
 * Replies are written by a model and can be steered by customer text, so a
 * `javascript:` or `data:` target must never become a live link in any dialect.
 * Disallowed targets are rendered as their label only.
 */
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** True when `url` is an absolute URL with a scheme safe to link to. */
export function isAllowedUrl(url: string, extraSchemes: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return ALLOWED_SCHEMES.has(parsed.protocol) || extraSchemes.includes(parsed.protocol);
}

/**
 * True when a link's visible text already is its target, so spelling the URL
 * out again (`text (url)`) would only repeat it. Covers GFM autolink literals
 * (`www.x.com` → `http://www.x.com`, `a@b.co` → `mailto:a@b.co`).
 */
export function isSelfLabelled(label: string, url: string): boolean {
  const text = label.trim();
  if (text === url) return true;
  if (url.startsWith('mailto:') && url.slice('mailto:'.length) === text) return true;
  if (url.startsWith('tel:') && url.slice('tel:'.length) === text) return true;
  const withoutScheme = url.replace(/^https?:\/\//, '');
  return withoutScheme === text || withoutScheme === `${text}/`;
}
