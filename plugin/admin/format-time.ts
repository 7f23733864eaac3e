/** An ISO time for the admin pages: machine-readable `iso` for `<time datetime>` and a short UTC `text`. */
export function formatTime(iso: string | undefined | null): { iso: string; text: string } | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { iso, text: iso };
  return { iso: date.toISOString(), text: `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` };
}
