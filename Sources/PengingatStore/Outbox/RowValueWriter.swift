/// Where a row puts its values, one column after the other: SQLite's statement
/// (`BulkStatement.Binder`) or the JSON document of PostgreSQL's bulk writes (`JSONRowsWriter`).
/// A row type writes itself once, for both stores (`RosterTableRow`, `DeliveryLogEntry`).
protocol RowValueWriter {
    mutating func text(_ value: String?)
    mutating func int(_ value: Int?)
    mutating func bool(_ value: Bool)
}

extension BulkStatement.Binder: RowValueWriter {}
