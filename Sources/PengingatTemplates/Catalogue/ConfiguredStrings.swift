import PengingatCore

/// Strings the configuration puts into messages, so the length check measures what is sent:
/// the curriculum's topics and key messages, the immunisation schedule's vaccine lists.
public struct ConfiguredStrings: Sendable {
    public var topics: [String]
    public var keyMessages: [String]
    /// Each dose's vaccines, joined by each message in its own language.
    public var vaccines: [[String]]

    public init(topics: [String] = [], keyMessages: [String] = [], vaccines: [[String]] = []) {
        self.topics = topics
        self.keyMessages = keyMessages
        self.vaccines = vaccines
    }
}
