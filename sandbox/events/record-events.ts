/** A change of one attribute: `[previous, current]`, like Rails' `previous_changes` entries. */
export type AttributeChange = [previous: unknown, current: unknown];
/** Ordered attribute changes of one save, like Rails' `previous_changes`. */
export type ChangeSet = Array<[attribute: string, change: AttributeChange]>;

/** Domain events the sandbox dispatches; names follow Chatwoot's webhook event names. */
export type DomainEvent =
  | { name: 'contact_created'; contactId: number }
  | { name: 'contact_updated'; contactId: number; changes: ChangeSet }
  | { name: 'conversation_created'; conversationId: number }
  | { name: 'conversation_updated'; conversationId: number; changes: ChangeSet }
  | { name: 'conversation_status_changed'; conversationId: number }
  | { name: 'conversation_opened'; conversationId: number }
  | { name: 'conversation_resolved'; conversationId: number }
  | { name: 'message_created'; messageId: number }
  | { name: 'message_updated'; messageId: number }
  | {
      name: 'conversation_typing_on' | 'conversation_typing_off';
      conversationId: number;
      typist: { kind: 'user' | 'bot'; id: number };
      isPrivate: boolean;
    }
  | { name: 'webwidget_triggered'; contactInboxId: number; eventInfo: Record<string, unknown> };

/** Receives a batch of events once the operation that raised them is complete. */
export type EventSink = (events: DomainEvent[]) => void;

/**
 * Collects events raised during an operation and hands them to the sink after the operation returns,
 * the way Chatwoot dispatches from `after_commit` callbacks to asynchronous listener jobs: payloads are
 * built from the state as it is once the whole operation (the "transaction") is done.
 */
export class EventRecorder {
  private pending: DomainEvent[] = [];
  private scheduled = false;

  constructor(private readonly sink: EventSink) {}

  /** Record an event; it is dispatched on the next turn of the event loop. */
  record(event: DomainEvent): void {
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Whether events wait to be dispatched. */
  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Dispatch everything recorded so far. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.sink(batch);
  }
}
