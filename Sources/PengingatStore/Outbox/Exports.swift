// The outbox's values (`OutboxMessage`, `OutboxState`, `AttemptRecord`…) are the stores'
// vocabulary: whoever uses a store uses them, so the store module re-exports them.
@_exported import PengingatOutbox
