/** Events pushed to panels over socket.io. */
export const PANEL_EVENTS = {
  /** A new suggestion was stored for the conversation (pushed by the AI agent). */
  suggestionNew: 'suggestion:new',
  /** A suggestion changed status (sent, edited, rejected, superseded) — possibly from another agent's panel. */
  suggestionUpdated: 'suggestion:updated',
} as const;

/** The socket.io room of one conversation's panels: `installation:<id>:conversation:<conversationId>`. */
export function conversationRoom(installationId: string, conversationId: number): string {
  return `installation:${installationId}:conversation:${conversationId}`;
}
