/// One session of the P2K2 curriculum: a meeting discusses one session of one module.
public struct CurriculumSession: Hashable, Sendable {
    public let module: String
    /// 1-based within its module.
    public let number: Int
    public let title: String
    /// A title short enough for a one-SMS reminder; the full title when none is given.
    public let shortTitle: String
    /// The one sentence a household should remember, used in motivation messages.
    public let keyMessage: String
    /// The same in Sundanese, when the curriculum file has it.
    public let sundanese: Text?

    /// A session's words in one language.
    public struct Text: Hashable, Sendable {
        public let title: String
        public let shortTitle: String
        public let keyMessage: String

        public init(title: String, shortTitle: String? = nil, keyMessage: String) {
            self.title = title
            self.shortTitle = shortTitle ?? title
            self.keyMessage = keyMessage
        }
    }

    public init(module: String, number: Int, title: String, shortTitle: String? = nil, keyMessage: String, sundanese: Text? = nil) {
        self.module = module
        self.number = number
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.keyMessage = keyMessage
        self.sundanese = sundanese
    }

    /// The reminder's title in `language`: Sundanese when the curriculum has it, else Indonesian.
    public func shortTitle(in language: Household.Language) -> String {
        language == .sundanese ? sundanese?.shortTitle ?? shortTitle : shortTitle
    }

    /// The key message in `language`: Sundanese when the curriculum has it, else Indonesian.
    public func keyMessage(in language: Household.Language) -> String {
        language == .sundanese ? sundanese?.keyMessage ?? keyMessage : keyMessage
    }
}

/// The sessions in the order groups go through them, from a starting month.
public struct Curriculum: Sendable {
    public let sessions: [CurriculumSession]
    /// The month whose meeting held the first session; later meetings take the next sessions.
    public let startYear: Int
    public let startMonth: Int

    public init(sessions: [CurriculumSession], startYear: Int, startMonth: Int) {
        self.sessions = sessions
        self.startYear = startYear
        self.startMonth = startMonth
    }

    /// The session for a group's n-th held meeting (0-based), starting over after the last.
    public func session(forMeetingIndex index: Int) -> CurriculumSession? {
        guard !sessions.isEmpty, index >= 0 else { return nil }
        return sessions[index % sessions.count]
    }
}
