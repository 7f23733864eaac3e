/**
 * Viber's `video` and `file` messages must state the file's `size`, and the
 * bytes are fetched by Viber from the URL, so the size is read with a HEAD
 * request rather than a download.
 */

/** `Content-Length` of `url` from a HEAD request, or undefined when the host does not say. */
export async function fetchRemoteSize(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      redirect: 'follow',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const length = Number(response.headers.get('content-length'));
    return Number.isSafeInteger(length) && length > 0 ? length : undefined;
  } catch {
    return undefined;
  }
}
