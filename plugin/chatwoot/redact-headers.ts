/** Header names whose values are credentials. Chatwoot's token travels in `api_access_token`. */
const SECRET_HEADERS = new Set([
  'api_access_token',
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
]);

/**
 * Copies headers into a plain object for debug logs with every credential
 * replaced by `[redacted]`, so a log line can never carry the access token.
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value;
  });
  return out;
}
