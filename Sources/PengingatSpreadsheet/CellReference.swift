/// A cell's place on a sheet: 1-based row, 0-based column (`A` is 0), as Excel's `C14` says.
public struct CellReference: Hashable, Sendable, CustomStringConvertible {
    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Reads `C14`, `AA3`, `$B$2`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for scalar in text.unicodeScalars where scalar != "$" {
            switch scalar.value {
            case 65...90 where digits == 0:
                column = column * 26 + Int(scalar.value - 64)
                letters += 1
            case 97...122 where digits == 0:
                column = column * 26 + Int(scalar.value - 96)
                letters += 1
            case 48...57 where letters > 0:
                row = row * 10 + Int(scalar.value - 48)
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, letters <= 3, digits > 0, digits <= 7, row > 0 else { return nil }
        self.init(row: row, column: column - 1)
    }

    /// `A`, `Z`, `AA`: the column's letters.
    public static func letters(ofColumn column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    public var description: String { "\(Self.letters(ofColumn: column))\(row)" }
}

/// A rectangle of cells, as `A1:C2` (a merged range).
public struct CellRange: Hashable, Sendable {
    public let first: CellReference
    public let last: CellReference

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let first = CellReference(parts[0]), let last = CellReference(parts[1]),
              first.row <= last.row, first.column <= last.column
        else { return nil }
        self.first = first
        self.last = last
    }

    public func contains(_ reference: CellReference) -> Bool {
        (first.row...last.row).contains(reference.row) && (first.column...last.column).contains(reference.column)
    }
}
