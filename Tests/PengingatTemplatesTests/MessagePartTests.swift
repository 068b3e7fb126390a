import Foundation
import PengingatCore
import PengingatTemplates
import Testing

/// A message that tells several items of one day: one greeting, each closing once at its end (issue 16).
@Suite("Message parts")
struct MessagePartTests {
    @Test("a closing is what the whole text has after the text without it; one not at the end stays in place")
    func splitting() {
        let part = MessagePart(whole: "Ibu Ani, besok ada P2K2. Ditunggu.", body: "Ibu Ani, besok ada P2K2.")
        #expect(part == MessagePart(body: "Ibu Ani, besok ada P2K2.", closing: "Ditunggu."))
        #expect(MessagePart(whole: "Ibu Ani, besok ada P2K2.", body: "Ibu Ani, besok ada P2K2.").closing == nil)
        // An operator wrote the closing in the middle: nothing can be moved, nothing is lost.
        let middle = MessagePart(whole: "Ibu Ani, ditunggu besok di P2K2.", body: "Ibu Ani, besok di P2K2.")
        #expect(middle == MessagePart(body: "Ibu Ani, ditunggu besok di P2K2."))
    }

    @Test("parts are told line by line, then each closing once, the last part's first")
    func joining() {
        let parts = [
            MessagePart(body: "Ibu Ani, besok ada P2K2.", closing: "Ditunggu."),
            MessagePart(body: "Waktunya periksa kehamilan ke-3.", closing: "Bawa buku KIA."),
            MessagePart(body: "Rizki perlu imunisasi PCV 2.", closing: "Bawa buku KIA."),
            MessagePart(body: "Kehadiran sekolah dicatat."),
        ]
        #expect(MessagePart.joined(parts) == """
            Ibu Ani, besok ada P2K2.
            Waktunya periksa kehamilan ke-3.
            Rizki perlu imunisasi PCV 2.
            Kehadiran sekolah dicatat.
            Bawa buku KIA. Ditunggu.
            """)
        #expect(MessagePart.joined([parts[0]]) == "Ibu Ani, besok ada P2K2. Ditunggu.")
        #expect(MessagePart.joined([parts[3]]) == "Kehadiran sekolah dicatat.")
    }

    @Test("a later part starts without the greeting, its first word capitalised; an unknown start is left whole")
    func continuing() {
        let part = MessagePart(body: "Ibu Ani, waktunya periksa kehamilan.", closing: "Bawa buku KIA.")
        #expect(part.continuing(after: "Ibu Ani, ") == MessagePart(body: "Waktunya periksa kehamilan.", closing: "Bawa buku KIA."))
        #expect(part.continuing(after: "Bapak Ahmad, ") == part)
        #expect(MessagePart(body: "Ibu Ani, ").continuing(after: "Ibu Ani, ") == MessagePart(body: "Ibu Ani, "))
        // Beyond ASCII letters the first character is capitalised as Unicode says.
        #expect(MessagePart(body: "Ibu Ani, éling ka posyandu.").continuing(after: "Ibu Ani, ").body == "Éling ka posyandu.")
        #expect(MessagePart(body: "Ibu Ani, 3 hari lagi.").continuing(after: "Ibu Ani, ").body == "3 hari lagi.")
        #expect(MessagePart(body: "Ibu Ani, z.").continuing(after: "Ibu Ani, ").body == "Z.")
    }

    @Test("every planned kind of the shipped catalogue reads alone exactly as a part rejoined",
          arguments: MessageKind.allCases.filter(\.isPlanned))
    func shippedPartsRejoin(kind: MessageKind) throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] {
            let values = kind.sampleValues(language: language)
            let whole = try catalogue.text(kind, language: language, values: values)
            let part = try catalogue.part(kind, language: language, values: values)
            #expect(MessagePart.joined([part]) == whole, "\(kind) [\(language)]")
            #expect(!part.body.hasSuffix(" "))
        }
    }

    @Test("the shipped reminders that end with a closing mark it, so a day's message says it once")
    func shippedClosingsMarked() throws {
        let catalogue = try TemplateCatalogue.shipped()
        let marked: [MessageKind] = [.p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay, .posyanduChild, .posyanduPregnant,
                                     .antenatalVisit, .deliveryPreparation, .postnatalVisit, .newbornVisit, .immunisationDue,
                                     .posyanduDay, .schoolAttendance]
        for kind in marked {
            for language in [Household.Language.indonesian, .sundanese] {
                let part = try catalogue.part(kind, language: language, values: kind.sampleValues(language: language))
                #expect(part.closing != nil, "\(kind) [\(language)] has no closing marked with tanpa_penutup")
            }
        }
        // Every health closing is the same words, so a day of several says it once.
        let kia = try marked.filter { $0.category == .health }.map {
            try catalogue.part($0, language: .indonesian, values: $0.sampleValues(language: .indonesian)).closing
        }
        #expect(Set(kia.compactMap { $0 }) == ["Bawa buku KIA.", "Semoga lancar.", "Sehat selalu."], "\(kia)")
        #expect(kia.filter { $0 == "Bawa buku KIA." }.count == 6)
    }

    /// A P2K2 reminder, an antenatal visit and an immunisation whose session is not known, for
    /// one mother on one day, as the planner tells them.
    @Test("a day of several items, in both languages, matches its snapshot")
    func dayOfSeveralItems() throws {
        let catalogue = try TemplateCatalogue.shipped()
        for language in [Household.Language.indonesian, .sundanese] {
            var immunisation = MessageKind.immunisationDue.sampleValues(language: language)
            for name in ["kapan", "jam", "tempat"] { immunisation[name] = nil }
            let items: [(MessageKind, TemplateValues)] = [
                (.p2k2DayBefore, MessageKind.p2k2DayBefore.sampleValues(language: language)),
                (.antenatalVisit, MessageKind.antenatalVisit.sampleValues(language: language)),
                (.immunisationDue, immunisation),
            ]
            let parts = try items.enumerated().map { index, item in
                let part = try catalogue.part(item.0, language: language, values: item.1)
                return index == 0 ? part : part.continuing(after: "Ibu Siti Aminah, ")
            }
            let text = MessagePart.joined(parts)
            #expect(text.components(separatedBy: "Ibu Siti Aminah,").count - 1 == 1)
            #expect(text.components(separatedBy: language == .sundanese ? "Candak buku KIA." : "Bawa buku KIA.").count - 1 == 1)
            #expect(text.split(separator: "\n").count == 4)
            try SnapshotTests.expectSnapshot(text, language: language, name: "day-of-several-items")
        }
    }
}
