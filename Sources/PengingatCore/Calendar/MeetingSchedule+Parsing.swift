public struct ScheduleParseError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case empty
        case notUnderstood
        case unknownWeekday(String)
        case fifthWeek
        case ordinalOutOfRange
        case dayOfMonthOutOfRange
        case missingTime
        case invalidTime(String)
    }

    public let text: String
    public let reason: Reason

    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var code: String {
        switch reason {
        case .empty: "JDW00"
        case .notUnderstood: "JDW01"
        case .unknownWeekday: "JDW02"
        case .fifthWeek: "JDW03"
        case .ordinalOutOfRange: "JDW04"
        case .dayOfMonthOutOfRange: "JDW05"
        case .missingTime: "JDW06"
        case .invalidTime: "JDW07"
        }
    }

    public var explanation: String {
        switch reason {
        case .empty: "Jadwal kosong."
        case .notUnderstood: "Jadwal \"\(text)\" tidak dapat dipahami."
        case .unknownWeekday(let word): "Nama hari \"\(word)\" pada jadwal \"\(text)\" tidak dikenal."
        case .fifthWeek: "Jadwal \"\(text)\" memakai minggu ke-5, yang tidak ada di setiap bulan."
        case .ordinalOutOfRange: "Urutan minggu pada jadwal \"\(text)\" harus 1 sampai 4."
        case .dayOfMonthOutOfRange: "Tanggal pada jadwal \"\(text)\" harus 1 sampai 31."
        case .missingTime: "Jadwal \"\(text)\" belum menyebut jam."
        case .invalidTime(let time): "Jam \"\(time)\" pada jadwal \"\(text)\" tidak ada."
        }
    }

    public var remedy: String {
        switch reason {
        case .fifthWeek: "Pakai \"terakhir\", misalnya \"Kamis terakhir 13.30\"."
        case .missingTime: "Tambahkan jam, misalnya \"Selasa ke-2 09.00\"."
        case .invalidTime: "Tulis jam 00.00 sampai 23.59, misalnya 09.00 atau 13.30."
        default: "Tulis seperti \"Selasa ke-2 09.00\", \"Kamis terakhir 13.30\" atau \"tanggal 15 08.00\"."
        }
    }
}

extension MeetingSchedule {
    /// Reads the phrases facilitators write in the `jadwal` column:
    /// `Selasa ke-2 09.00`, `selasa ke 2 pukul 9.00`, `Selasa minggu kedua jam 09:00`,
    /// `Kamis terakhir 13.30`, `tanggal 15 08.00`, `tgl 15 pukul 08.00`, optionally after
    /// "setiap"/"tiap". Weekday names may be Sundanese (Salasa, Kemis, Rebo).
    public static func parse(_ raw: String) throws(ScheduleParseError) -> MeetingSchedule {
        try parsePhrase(raw).schedule
    }

    /// Like `parse`, and also returns the zone written after the time ("09.00 WIB"), if any,
    /// so the caller can check it against the group's own zone.
    public static func parsePhrase(_ raw: String) throws(ScheduleParseError)
        -> (schedule: MeetingSchedule, statedZone: IndonesianTimeZone.Abbreviation?)
    {
        let fail = { (reason: ScheduleParseError.Reason) in ScheduleParseError(text: raw, reason: reason) }
        var tokens = tokenize(raw)
        guard !tokens.isEmpty else { throw fail(.empty) }

        var statedZone: IndonesianTimeZone.Abbreviation?
        if let last = tokens.last, let zone = IndonesianTimeZone.Abbreviation(rawValue: last.uppercased()) {
            statedZone = zone
            tokens.removeLast()
        }

        // The time comes last: "09.00", "9:30", or a bare hour after "pukul"/"jam".
        guard let timeToken = tokens.last, timeToken.first?.isNumber == true else { throw fail(.missingTime) }
        let timeWords: Set<String> = ["pukul", "jam", "pk", "pkl"]
        let hasTimeWord = tokens.count >= 2 && timeWords.contains(tokens[tokens.count - 2])
        let time: TimeOfDay
        if timeToken.contains(".") || timeToken.contains(":") {
            guard let parsed = parseTime(timeToken) else { throw fail(.invalidTime(timeToken)) }
            time = parsed
        } else if hasTimeWord, timeToken.count <= 2, let hour = Int(timeToken) {
            guard let parsed = TimeOfDay(hour: hour, minute: 0) else { throw fail(.invalidTime(timeToken)) }
            time = parsed
        } else {
            throw fail(.missingTime)
        }
        tokens.removeLast()
        if hasTimeWord { tokens.removeLast() }
        if let first = tokens.first, ["setiap", "tiap", "hari"].contains(first) { tokens.removeFirst() }

        guard let head = tokens.first else { throw fail(.notUnderstood) }
        if ["tanggal", "tgl"].contains(head) {
            guard tokens.count == 2, let day = Int(tokens[1]) else { throw fail(.notUnderstood) }
            guard (1...31).contains(day) else { throw fail(.dayOfMonthOutOfRange) }
            return (MeetingSchedule(day: .dayOfMonth(day), time: time), statedZone)
        }

        guard let weekday = Weekday(indonesianName: head) else {
            if head.allSatisfy(\.isLetter) { throw fail(.unknownWeekday(head)) }
            throw fail(.notUnderstood)
        }
        var rest = Array(tokens.dropFirst())
        // "minggu ke-2" / "pekan ke-2": the word for week before the ordinal.
        if let first = rest.first, ["minggu", "pekan"].contains(first), rest.count > 1 { rest.removeFirst() }
        if rest == ["terakhir"] { return (MeetingSchedule(day: .lastWeekday(weekday), time: time), statedZone) }

        let ordinal: Int
        if rest.count == 2, rest[0] == "ke", let value = Int(rest[1]) {
            ordinal = value
        } else if rest.count == 1, rest[0].hasPrefix("ke"), let value = Int(rest[0].dropFirst(2)) {
            ordinal = value
        } else if rest.count == 1, let value = ordinalWords[rest[0]] {
            ordinal = value
        } else {
            throw fail(.notUnderstood)
        }
        if ordinal == 5 { throw fail(.fifthWeek) }
        guard (1...4).contains(ordinal) else { throw fail(.ordinalOutOfRange) }
        return (MeetingSchedule(day: .nthWeekday(weekday, ordinal: ordinal), time: time), statedZone)
    }

    private static let ordinalWords = [
        "pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5,
    ]

    /// Lower-cased words and numbers; "ke-2" becomes "ke", "2"; commas vanish and
    /// apostrophes join ("Jum'at" is "jumat").
    private static func tokenize(_ raw: String) -> [String] {
        var text = raw.lowercased()
        text = text.replacingAll(of: ["'", "’"], with: "").replacingAll(of: ["-", ","], with: " ")
        // "ke2" stays one token and is split by the ordinal rule; "ke 2" and "ke-2" become two.
        return text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// "09.00", "9.00", "09:00", "9:30", "13.30"; hours 0–23, minutes 00–59.
    private static func parseTime(_ token: String) -> TimeOfDay? {
        let parts = token.split(whereSeparator: { $0 == "." || $0 == ":" }).map(String.init)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }
}

extension String {
    func replacingAll(of targets: [String], with replacement: String) -> String {
        var result = self
        for target in targets {
            result = result.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
        }
        return result
    }
}
