import Foundation

/// Reads the intent of a household's reply. Replies come from cheap phones typed by people
/// with little schooling, so the reading forgives case, spacing, punctuation, doubled letters
/// ("hadirr"), a polite word in front ("mohon izin", "punten widi") and one slip of the thumb
/// in longer words ("brhenti"), in Indonesian, Sundanese and the English a few use.
public enum ReplyKeywords {
    /// Each keyword and what it means; misspellings close to these are read as them.
    static let vocabulary: [String: Kind] = [
        // will attend
        "hadir": .attending, "ya": .attending, "iya": .attending, "y": .attending, "siap": .attending, "yes": .attending,
        "ok": .attending, "oke": .attending, "okey": .attending, "datang": .attending, "insyaallah": .attending,
        "inshaallah": .attending, "sumping": .attending, "muhun": .attending, "enya": .attending, "dongkap": .attending,
        // will not attend ("permisi", excuse me, and "mangga", please, are courtesies, not answers)
        "izin": .excused, "ijin": .excused, "idzin": .excused, "berhalangan": .excused,
        "tidak": .excused, "tdk": .excused, "gak": .excused, "ga": .excused, "nggak": .excused, "enggak": .excused,
        "ngga": .excused, "ndak": .excused, "widi": .excused, "henteu": .excused, "teu": .excused,
        "moal": .excused, "alangan": .excused,
        // the schedule
        // ("kapan", when, is not one: "kapan cair?" asks about the money, not the meeting.)
        "jadwal": .schedule, "jadual": .schedule, "jadwalna": .schedule,
        // stop
        "berhenti": .optOut, "brenti": .optOut, "berenti": .optOut, "henti": .optOut, "stop": .optOut, "setop": .optOut,
        "unreg": .optOut, "eureun": .optOut, "liren": .optOut, "unsubscribe": .optOut,
        // start again
        "mulai": .optIn, "start": .optIn, "reg": .optIn, "lanjut": .optIn, "ngamimitian": .optIn, "mimiti": .optIn,
    ]

    /// Polite words that may come before the keyword and say nothing by themselves: they never
    /// decide the intent ("Permisi bu, jadwal P2K2 kapan?" asks for the schedule; "Mangga,
    /// hapunten teu tiasa sumping" is an excuse).
    static let courtesies: Set<String> = collapsed([
        "tolong", "mohon", "minta", "saya", "sy", "aku", "kami", "bu", "ibu", "pak", "bapak", "abdi", "punten", "maaf",
        "mf", "nyuhunkeun", "kang", "teh", "ceu", "assalamualaikum", "assalamu", "alaikum", "salam", "halo", "hallo",
        "selamat", "pagi", "siang", "sore", "malam", "insya", "insha", "allah", "in", "sha", "nya",
        "permisi", "mangga", "hapunten", "nun",
    ])

    /// Words after a "no" that only finish it ("tidak bisa hadir"), and so are not the reason.
    static let negationFillers: Set<String> = collapsed([
        "bisa", "dapat", "hadir", "datang", "ikut", "sumping", "tiasa", "dongkap", "bu", "pak", "ya", "insyaallah",
    ])

    enum Kind { case attending, excused, schedule, optOut, optIn }

    /// The intent of `text`; `.other` when no keyword stands at its start.
    public static func intent(of text: String) -> ReplyIntent {
        let words = Self.words(in: text)
        guard let first = words.firstIndex(where: { !courtesies.contains($0.normalized) }) else {
            // Only courtesies: "insya allah" on its own is a yes.
            return words.contains { $0.normalized == collapsingRuns("allah") } ? .attending : .other
        }
        guard let kind = kind(of: words[first].normalized) else { return .other }
        switch kind {
        case .attending: return .attending
        case .schedule: return .schedule
        case .optOut: return .optOut
        case .optIn: return .optIn
        case .excused:
            let rest = words[(first + 1)...].drop { negationFillers.contains($0.normalized) }
            guard let start = rest.first?.range.lowerBound else { return .excused(reason: nil) }
            let reason = text[start...].trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
            return .excused(reason: reason.isEmpty ? nil : String(reason.prefix(300)))
        }
    }

    /// The keyword `word` is, exactly or within the slips its length allows; nil when none is
    /// close, or when two keywords of different meanings are equally close.
    static func kind(of word: String) -> Kind? {
        guard !word.isEmpty else { return nil }
        if let exact = collapsedVocabulary[word] { return exact }
        var best: (distance: Int, kind: Kind?)? = nil
        for (keyword, kind) in collapsedVocabulary {
            let allowed = allowedSlips(min(keyword.count, word.count))
            guard allowed > 0, abs(keyword.count - word.count) <= allowed else { continue }
            let distance = editDistance(Array(word), Array(keyword))
            guard distance <= allowed else { continue }
            if let current = best {
                if distance < current.distance { best = (distance, kind) } else if distance == current.distance && current.kind != kind {
                    best = (distance, nil)
                }
            } else {
                best = (distance, kind)
            }
        }
        return best?.kind
    }

    /// Short words must be exact ("siap" is one letter from "siapa", who?).
    static func allowedSlips(_ length: Int) -> Int {
        switch length {
        case ..<5: 0
        case 5...6: 1
        default: 2
        }
    }

    /// Words are compared with their doubled letters collapsed, so the lists are too.
    static func collapsed(_ words: [String]) -> Set<String> { Set(words.map(collapsingRuns)) }

    static let collapsedVocabulary: [String: Kind] = Dictionary(
        vocabulary.map { (collapsingRuns($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })

    struct Word {
        let normalized: String
        let range: Range<String.Index>
    }

    /// Letters-and-digits runs of `text`, folded to lower case without accents and with doubled
    /// letters collapsed ("HADIRR" → "hadir"), each with where it stands in `text`.
    static func words(in text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let isWordCharacter = text[index].isLetter || text[index].isNumber
            if isWordCharacter, start == nil { start = index }
            if !isWordCharacter, let begun = start {
                words.append(word(text, begun..<index))
                start = nil
            }
            index = text.index(after: index)
        }
        if let begun = start { words.append(word(text, begun..<text.endIndex)) }
        return words
    }

    private static func word(_ text: String, _ range: Range<String.Index>) -> Word {
        let folded = text[range].folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return Word(normalized: collapsingRuns(folded), range: range)
    }

    static func collapsingRuns(_ word: String) -> String {
        var result = ""
        for character in word where character != result.last { result.append(character) }
        return result
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours ("hdair") each count one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
