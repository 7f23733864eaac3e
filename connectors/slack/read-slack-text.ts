/**
 * Slack's inbound `text` is mrkdwn with control sequences in angle brackets
 * and `& < >` escaped. This turns it into text a human agent can read.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */

function unescapeEntities(text: string): string {
  // &amp; last, so "&amp;lt;" becomes "&lt;" and not "<".
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function readControlSequence(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  switch (target[0]) {
    case '@': // <@U123> or <@U123|name>
      return `@${label ?? target.slice(1)}`;
    case '#': // <#C123|general>
      return `#${label ?? target.slice(1)}`;
    case '!': {
      // <!here>, <!channel>, <!subteam^S123|@team>, <!date^1392734382^{date}|fallback>
      if (label) return label.startsWith('@') || target.startsWith('!date') ? label : `@${label}`;
      const keyword = target.slice(1).split('^')[0] ?? '';
      return `@${keyword}`;
    }
    default: {
      const url = target.startsWith('mailto:') ? target.slice('mailto:'.length) : target;
      if (!label || label === url || label === target) return url;
      return `${label} (${url})`;
    }
  }
}

/**
 * `<https://x|label>` → `label (https://x)`, `<@U123>` → `@U123`,
 * `<#C1|general>` → `#general`, `<!here>` → `@here`, then `&amp; &lt; &gt;`
 * → `& < >`. A literal `<` typed by the user arrives as `&lt;`, so every real
 * angle bracket is a control sequence.
 */
export function readSlackText(text: string): string {
  return unescapeEntities(
    text.replace(/<([^<>\n]+)>/g, (_match, inner: string) => readControlSequence(inner)),
  );
}
