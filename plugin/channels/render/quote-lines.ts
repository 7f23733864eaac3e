/** Prefixes every line of `text` (blank lines get `prefix` without its trailing space). */
export function quoteLines(text: string, prefix: string): string {
  const bare = prefix.trimEnd();
  return text
    .split('\n')
    .map((line) => (line === '' ? bare : prefix + line))
    .join('\n');
}
