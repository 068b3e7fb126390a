/// One sheet of a workbook: its name, whether Excel hides it, its cells and merged ranges.
public struct Worksheet: Sendable {
    public let name: String
    public let isHidden: Bool
    /// Row number → column → cell; rows and cells that hold nothing are absent.
    public let rows: [Int: [Int: Cell]]
    public let merges: [CellRange]
    /// The rows that hold something, in order.
    public let rowNumbers: [Int]
    /// One past the rightmost column that holds something.
    public let width: Int

    public init(name: String, isHidden: Bool, rows: [Int: [Int: Cell]], merges: [CellRange]) {
        self.name = name
        self.isHidden = isHidden
        self.rows = rows
        self.merges = merges
        rowNumbers = rows.keys.sorted()
        width = (rows.values.lazy.compactMap { $0.keys.max() }.max() ?? -1) + 1
    }

    public subscript(_ reference: CellReference) -> Cell? { rows[reference.row]?[reference.column] }

    /// The merged range a cell lies in, when it is not the range's first cell.
    public func mergedInto(_ reference: CellReference) -> CellRange? {
        merges.first { $0.contains(reference) && $0.first != reference }
    }
}
