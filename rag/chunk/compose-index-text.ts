/**
 * The text a chunk is indexed and embedded as: its heading path, then its body.
 * Headings carry the topic ("Billing > Refunds") that the body often leaves
 * implicit, so both retrieval legs see them. The content hash covers this
 * text, so a renamed section is re-embedded.
 */
export function composeIndexText(chunk: { heading?: string; text: string }): string {
  return chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text;
}
