/// A row whose own values were read on their own (on any core), before `RosterBatch` checks it
/// against the rows before it, in file order.
protocol RowDraft: Sendable {
    var row: RosterRow { get set }
}
