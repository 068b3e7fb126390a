/// Where a long import has got to, for a progress bar.
public struct ImportProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case reading(file: String)
        case checking(RosterFileKind)
        case storing
    }

    public var phase: Phase
    public var completed: Int
    public var total: Int

    public init(phase: Phase, completed: Int, total: Int) {
        self.phase = phase
        self.completed = completed
        self.total = total
    }
}

public typealias ImportProgressHandler = @Sendable (ImportProgress) -> Void
