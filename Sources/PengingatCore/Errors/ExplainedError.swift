/// An error a facilitator or operator reads: a stable code to search for, what went wrong
/// and what to do about it, both in Bahasa Indonesia.
///
/// The code never changes once shipped: documentation, support answers and scripts refer to it.
public protocol ExplainedError: Error, Sendable, CustomStringConvertible {
    /// Stable code such as `HP04`.
    var code: String { get }
    /// What is wrong, in Bahasa Indonesia, one sentence.
    var explanation: String { get }
    /// What to do, in Bahasa Indonesia, one sentence, for whoever typed the command.
    var remedy: String { get }
    /// What to do for someone who met the error elsewhere: a remedy that names a command-line
    /// flag means nothing to a script calling the API or to someone filling in a page.
    func remedy(for reader: ErrorReader) -> String
}

/// Where an error is read: its remedy speaks of what that reader has in front of them.
public enum ErrorReader: Sendable {
    case commandLine
    /// The facilitators' pages.
    case pages
    /// A program calling the JSON API.
    case api
}

extension ExplainedError {
    public func remedy(for reader: ErrorReader) -> String { remedy }
}

extension ExplainedError {
    public var description: String { "[\(code)] \(explanation) \(remedy)" }
}
