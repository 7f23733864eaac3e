/**
 * A backtick fence longer than any backtick run inside `value`, with the
 * padding CommonMark-style parsers strip again (needed when the content starts
 * or ends with a backtick, or starts and ends with a space).
 */
export function codeSpan(value: string): string {
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad =
    value.startsWith('`') ||
    value.endsWith('`') ||
    (value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}
