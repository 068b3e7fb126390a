/// An error a facilitator or operator reads: a stable code to search for, what went wrong
/// and what to do about it, both in Bahasa Indonesia.
///
/// The code never changes once shipped: documentation, support answers and scripts refer to it.
public protocol ExplainedError: Error, Sendable, CustomStringConvertible {
    /// Stable code such as `HP04`.
    var code: String { get }
    /// What is wrong, in Bahasa Indonesia, one sentence.
    var explanation: String { get }
    /// What to do, in Bahasa Indonesia, one sentence.
    var remedy: String { get }
}

extension ExplainedError {
    public var description: String { "[\(code)] \(explanation) \(remedy)" }
}
