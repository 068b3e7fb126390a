import Foundation
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import Testing

/// The health rules and their messages as the shipped configuration makes them (issue 16):
/// the national schedules, and what a mother reads.
@Suite("Health rules and messages")
struct HealthMessageTests {
    typealias F = PlannerFixture

    @Test("the shipped rules follow the Kemenkes schedules")
    func shippedRules() throws {
        let rules = try F.rules().obligations.rules
        let doses = Dictionary(uniqueKeysWithValues: rules.immunisations.map { ($0.ageMonths, $0.vaccines) })
        #expect(doses.keys.sorted() == [1, 2, 3, 4, 9, 12, 18])
        #expect(doses[3]?.contains("PCV 2") == true)
        #expect(doses[4]?.contains("IPV 1") == true)
        #expect(doses[9]?.contains("IPV 2") == true && doses[9]?.contains("Campak-Rubela (MR)") == true)
        #expect(doses[12] == ["PCV 3"])
        #expect(doses[2] == ["DPT-HB-Hib 1", "Polio 2", "PCV 1", "RV 1"])
        // "RV" keeps the 2- and 4-month messages within one SMS.
        #expect(doses.values.allSatisfy { !$0.joined().contains("Rotavirus") })
        #expect(rules.antenatalVisits.filter(\.withDoctor).map(\.code) == ["K1", "K5"])
        #expect(rules.deliveryPreparationDaysBeforeDue == 28)
        #expect(rules.newbornVisits.first.map { ($0.code, $0.lastDay) } ?? ("", -1) == ("KN1", 1))
    }

    /// A baby born 5 October 2026 is due its 2-month doses on 5 December; the posyandu of RW 01
    /// meets on the 10th at 08.00, RW 02 has none on file.
    @Test("immunisation at a known session names it; without one the message never invents a time or place")
    func immunisationSession() async throws {
        let households = [
            Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01"),
            Household(id: "H2", caregiverName: "Dewi", phone: F.phone("081234567891"), groupID: "G1", rw: "02"),
            Household(id: "H3", caregiverName: "Euis", phone: F.phone("081234567892"), language: .sundanese, groupID: "G1",
                      rw: "02"),
        ]
        let babies = ["H1", "H2", "H3"].map {
            Member(householdID: $0, name: "Rizki", birthDate: CalendarDate(year: 2026, month: 10, day: 5), component: .earlyChildhood)
        }
        let store = try await F.store(households: households, members: babies)
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 14))
        let withSession = try #require(messages.first { $0.kinds.contains(.immunisationDue) && $0.householdIDs == ["H1"] })
        // Told with the weighing of the same morning, as one sentence.
        #expect(withSession.text == "Ibu Ani, besok Kamis, 10 Desember pukul 08.00 WIB ada Posyandu Melati di Balai RW 01: "
            + "Rizki ditimbang dan imunisasi DPT-HB-Hib 1, Polio 2, PCV 1 dan RV 1. Bawa buku KIA.")
        let withoutSession = try #require(messages.first { $0.kinds.contains(.immunisationDue) && $0.householdIDs == ["H2"] })
        #expect(withoutSession.text.contains("Rizki perlu imunisasi DPT-HB-Hib 1, Polio 2, PCV 1 dan RV 1 mulai Sabtu, 5 Desember."))
        #expect(withoutSession.text.contains("Tanya harinya ke kader atau bidan"))
        #expect(!withoutSession.text.contains("pukul") && !withoutSession.text.contains("terdekat"))
        #expect(withoutSession.smsSize.segments == 1)
        // The approved WhatsApp text names a time and place this message does not have.
        #expect(withoutSession.whatsAppTemplates.isEmpty)
        // The schedule lists the vaccines; each message joins them in its own language.
        let sundanese = try #require(messages.first { $0.kinds.contains(.immunisationDue) && $0.householdIDs == ["H3"] })
        #expect(sundanese.text.contains("DPT-HB-Hib 1, Polio 2, PCV 1 sareng RV 1"))
        #expect(!sundanese.text.contains(" dan "))
    }

    @Test("a rules file written before vaccine lists keeps working: its text is said as written")
    func vaccinesAsOneText() throws {
        let shipped = try String(contentsOfFile: Fixtures.repositoryRoot + "/Config/aturan-kewajiban.yaml", encoding: .utf8)
        let listed = "{umur_bulan: 2, vaksin: [DPT-HB-Hib 1, Polio 2, PCV 1, RV 1]}"
        #expect(shipped.contains(listed))
        let folder = NSTemporaryDirectory() + "pengingat-rules-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/aturan-kewajiban.yaml"
        try shipped.replacingOccurrences(of: listed, with: "{umur_bulan: 2, vaksin: \"DPT-HB-Hib 1 dan PCV 1\"}")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let root = Fixtures.repositoryRoot
        var configuration = try PengingatConfiguration.load(path: root + "/Config/pengingat.yaml")
        configuration.planner.holidaysFile = root + "/Config/hari-libur.yaml"
        configuration.planner.curriculumFile = root + "/Config/kurikulum-p2k2.yaml"
        configuration.planner.rulesFile = path
        let doses = try PlanningRules.load(configuration).obligations.rules.immunisations
        #expect(doses.first { $0.ageMonths == 2 }?.vaccines == ["DPT-HB-Hib 1 dan PCV 1"])
        #expect(doses.first { $0.ageMonths == 4 }?.vaccines == ["DPT-HB-Hib 3", "Polio 4", "IPV 1", "RV 3"])
    }

    @Test("postnatal and newborn visits are named in words; the birth is congratulated once")
    func postnatalWords() async throws {
        let household = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let members = [
            Member(householdID: "H1", name: "Ani", sex: .female, component: .postpartum,
                   deliveryDate: CalendarDate(year: 2026, month: 12, day: 1)),
            Member(householdID: "H1", name: "Bayi Ani", birthDate: CalendarDate(year: 2026, month: 12, day: 1), component: .earlyChildhood),
        ]
        let store = try await F.store(households: [household], members: members)
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 30))
        let postnatal = messages.filter { $0.kinds.contains(.postnatalVisit) }.map(\.text).joined(separator: "\n")
        let newborn = messages.filter { $0.kinds.contains(.newbornVisit) }.map(\.text).joined(separator: "\n")
        #expect(postnatal.contains("kunjungan nifas ke-1") && postnatal.contains("kunjungan nifas ke-2"))
        #expect(newborn.contains("pemeriksaan bayi baru lahir ke-1 untuk Bayi Ani (dalam 48 jam setelah lahir)"))
        #expect(newborn.contains("pemeriksaan bayi baru lahir ke-2"))
        let all = messages.map(\.text).joined(separator: "\n")
        #expect(!all.contains("KF") && !all.contains("KN"))
        #expect(all.lowercased().components(separatedBy: "selamat atas kelahiran").count - 1 == 1)
        // KN1 is within 48 hours: its last day is the day after the birth.
        let firstNewborn = try #require(messages.first { $0.items.contains { $0.kind == .newbornVisit && $0.key.hasSuffix("/KN1") } })
        #expect(firstNewborn.items.first { $0.kind == .newbornVisit }?.expiry.description == "2026-12-02 23.59")
    }

    @Test("on a shared phone, an event is told with its day and time, a window with its last day")
    func discreetWording() async throws {
        let shared = F.phone("081299990000")
        let households = ["H1", "H2"].map { Household(id: $0, caregiverName: "Ibu \($0)", phone: shared, groupID: "G1", rw: "01") }
        let pregnant = Member(householdID: "H2", name: "Ibu H2", component: .pregnant, lastMenstrualPeriod: CalendarDate(year: 2026, month: 9, day: 1))
        let store = try await F.store(households: households, members: [pregnant])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 14))
        let discreet = messages.filter { $0.kinds.contains(.healthDiscreet) }.map(\.text)
        // The posyandu on Thursday 10 December at 08.00 is an event; the antenatal visit a window.
        #expect(discreet.contains { $0.contains("untuk keluarga Ibu pada Kamis, 10 Desember 2026 pukul 08.00 WIB.") })
        #expect(discreet.contains { $0.contains("untuk keluarga Ibu paling lambat ") })
        #expect(!discreet.joined().contains(" sampai "))
    }

    /// A pregnancy with its last period on 21 March 2026 is due on 26 December: the sixth
    /// antenatal visit and the delivery preparation both end that day, and on a shared phone
    /// both are told without naming them, in the same words.
    @Test("two discreet reminders that read alike are said once in their message")
    func discreetSaidOnce() async throws {
        let shared = F.phone("081299990000")
        let households = ["H1", "H2"].map { Household(id: $0, caregiverName: "Ibu \($0)", phone: shared, groupID: "G1", rw: "09") }
        let pregnant = Member(householdID: "H2", name: "Ibu H2", component: .pregnant,
                              lastMenstrualPeriod: CalendarDate(year: 2026, month: 3, day: 21))
        let store = try await F.store(households: households, members: [pregnant])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-01 00:00"), days: 2))
        let message = try #require(messages.first { $0.items.filter { $0.kind == .healthDiscreet }.count == 2 })
        #expect(message.text.components(separatedBy: "paling lambat Sabtu, 26 Desember 2026").count - 1 == 1, "\(message.text)")
        #expect(Set(message.items.map(\.eventKey)).count == 2)
    }

    @Test("a caregiver name that already carries a title is not greeted twice")
    func titledName() async throws {
        let store = try await F.store(households: [
            Household(id: "H1", caregiverName: "Ibu Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01"),
            Household(id: "H2", caregiverName: "Bpk. Ahmad", phone: F.phone("081234567891"), groupID: "G1", rw: "01"),
        ])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-12-07 00:00"), days: 1))
        let texts = messages.map(\.text)
        #expect(texts.contains { $0.hasPrefix("Ibu Ani, besok") })
        #expect(texts.contains { $0.hasPrefix("Bapak Ahmad, besok") })
        #expect(!texts.joined().contains("Ibu Ibu") && !texts.joined().contains("Ibu Bpk"))
    }
}

@Suite("School holidays and holiday years")
struct HolidayDataTests {
    typealias F = PlannerFixture

    @Test("no school-attendance reminder in the school holidays; the months around them keep theirs")
    func schoolHolidays() async throws {
        let household = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let pupil = Member(householdID: "H1", name: "Asep", component: .primarySchool, schoolName: "SDN 2 Margabakti")
        let store = try await F.store(households: [household], members: [pupil])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2026-11-01 00:00"), days: 120))
        let checks = messages.flatMap(\.items).filter { $0.kind == .schoolAttendance }.map { $0.eventStart.date.description }
        // 25 December 2026 is in the semester break (21 December – 2 January).
        #expect(checks == ["2026-11-25", "2027-01-25", "2027-02-25"])
    }

    @Test("planning into a provisional or missing year is warned about, naming the file")
    func yearWarnings() throws {
        let calendar = try F.rules().holidays
        let december = Planner.Horizon(now: F.instant("2026-12-01 00:00"), days: 14)
        #expect(HolidayYearWarning.lines(calendar, horizon: december, file: "Config/hari-libur.yaml").isEmpty)
        let intoJanuary = Planner.Horizon(now: F.instant("2026-12-20 00:00"), days: 30)
        let warnings = HolidayYearWarning.lines(calendar, horizon: intoJanuary, file: "Config/hari-libur.yaml")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("Peringatan [HL01]: hari libur tahun 2027 di Config/hari-libur.yaml masih perkiraan") == true)
        let intoMissing = Planner.Horizon(now: F.instant("2027-12-20 00:00"), days: 30)
        #expect(HolidayYearWarning.lines(calendar, horizon: intoMissing, file: "x.yaml").map { String($0.prefix(26)) }
                == ["Peringatan [HL01]: hari li", "Peringatan [HL02]: hari li"])
    }
}

@Suite("Shipped curriculum")
struct ShippedCurriculumTests {
    @Test("every session has its Sundanese title and key message, and the reminder's title fits as the Indonesian does")
    func sundanese() throws {
        let sessions = try PlannerFixture.rules().meetingCalendar.curriculum.sessions
        #expect(sessions.count == 16)
        let longestIndonesian = sessions.map(\.shortTitle.count).max() ?? 0
        for session in sessions {
            let sundanese = try #require(session.sundanese, "\(session.title) has no Sundanese")
            #expect(sundanese.keyMessage != session.keyMessage && sundanese.title != session.title)
            #expect(sundanese.shortTitle.count <= longestIndonesian, "\(sundanese.shortTitle) is longer than the longest Indonesian title")
        }
        #expect(sessions[0].shortTitle(in: .sundanese) == "Janten Sepuh anu Langkung Saé")
        #expect(sessions[0].shortTitle(in: .indonesian) == "Menjadi Orang Tua yang Lebih Baik")
    }
}

@Suite("One message per phone and day")
struct ComposedMessageTests {
    typealias F = PlannerFixture

    /// Sari (3 years in February 2027: weighed, vitamin A) and Rizki (born 5 December 2026: weighed,
    /// his 2-month doses), of household H1.
    static let sariAndRizki = [
        Member(householdID: "H1", name: "Sari", birthDate: CalendarDate(year: 2023, month: 11, day: 2), component: .earlyChildhood),
        Member(householdID: "H1", name: "Rizki", birthDate: CalendarDate(year: 2026, month: 12, day: 5), component: .earlyChildhood),
    ]

    /// A posyandu meeting on the 15th at 08.00, away from the group's P2K2 (second Tuesday).
    static func store(households: [Household], members: [Member]) async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            posyandus: [Posyandu(id: "P1", name: "Posyandu Melati", kelurahan: "Margabakti", rw: "01",
                                 schedule: try MeetingSchedule.parse("tanggal 15 08.00"), place: "Balai RW 01")],
            groups: [Group(id: "G1", name: "Anggrek", facilitatorID: "F1", kelurahan: "Margabakti", rw: "01", zone: .wib,
                           schedule: try MeetingSchedule.parse("Selasa ke-2 09.00"), place: "Aula Kelurahan")],
            households: households, members: members, householdsWithCompleteMembers: Set(households.map(\.id))))
        return store
    }

    /// February 2027: Rizki (born 5 December 2026) is due his 2-month doses, Sari (3 years) her
    /// vitamin A; both are weighed, on Monday 15 February.
    @Test("a posyandu morning is told once: one greeting, its time and place once, what each child does there")
    func posyanduMorning() async throws {
        let household = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let store = try await Self.store(households: [household], members: Self.sariAndRizki)
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2027-02-14 00:00"), days: 1))
        let morning = try #require(messages.first { $0.kinds.contains(.posyanduChild) })
        #expect(Set(morning.kinds) == [.posyanduChild, .immunisationDue, .vitaminA])
        #expect(morning.text == "Ibu Ani, besok Senin, 15 Februari pukul 08.00 WIB ada Posyandu Melati di Balai RW 01: "
            + "Rizki dan Sari ditimbang; Sari dapat vitamin A; Rizki imunisasi DPT-HB-Hib 1, Polio 2, PCV 1 dan RV 1. Bawa buku KIA.")
        // What rencana shows is what is sent.
        #expect(morning.smsSize == SMSSize(measuring: morning.text))
        #expect(morning.smsSize.segments == 2)
    }

    @Test("a Sundanese posyandu morning names the children and the vaccines with 'sareng'")
    func sundaneseMorning() async throws {
        let household = Household(id: "H1", caregiverName: "Enok", phone: F.phone("081234567890"), language: .sundanese,
                                  groupID: "G1", rw: "01")
        let store = try await Self.store(households: [household], members: Self.sariAndRizki)
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2027-02-14 00:00"), days: 1))
        let morning = try #require(messages.first { $0.kinds.contains(.posyanduChild) })
        #expect(morning.text == "Ibu Enok, énjing Senén, 15 Pébruari tabuh 08.00 WIB di Posyandu Melati, Balai RW 01: "
            + "Rizki sareng Sari ditimbang; Sari nampi vitamin A; Rizki imunisasi DPT-HB-Hib 1, Polio 2, PCV 1 sareng RV 1. Candak buku KIA.")
    }

    @Test("items for different households on one shared phone keep their own greeting")
    func sharedPhoneKeepsGreetings() async throws {
        let shared = F.phone("081299990000")
        let households = ["H1", "H2"].map { Household(id: $0, caregiverName: "Ibu \($0)", phone: shared, groupID: "G1", rw: "01") }
        let children = [
            Member(householdID: "H1", name: "Sari", birthDate: CalendarDate(year: 2023, month: 11, day: 2), component: .earlyChildhood),
            Member(householdID: "H2", name: "Dodi", birthDate: CalendarDate(year: 2024, month: 1, day: 2), component: .earlyChildhood),
        ]
        let store = try await Self.store(households: households, members: children)
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2027-02-14 00:00"), days: 1))
        let morning = try #require(messages.first { $0.kinds.contains(.posyanduChild) })
        #expect(morning.text.contains("Ibu H1, besok") && morning.text.contains("Ibu H2, besok"))
        #expect(morning.text.contains("Sari ditimbang dan dapat vitamin A") && morning.text.contains("Dodi ditimbang dan dapat vitamin A"))
    }

    @Test("a household is greeted once in a message and each closing said once at its end: its P2K2 and its posyandu morning")
    func greetedOnce() async throws {
        let household = Household(id: "H1", caregiverName: "Ani", phone: F.phone("081234567890"), groupID: "G1", rw: "01")
        let child = Member(householdID: "H1", name: "Sari", birthDate: CalendarDate(year: 2023, month: 11, day: 2), component: .earlyChildhood)
        // February 2027: P2K2 on Tuesday the 9th, the posyandu of the shared fixture on Wednesday the 10th.
        let store = try await F.store(households: [household], members: [child])
        let messages = try await F.collect(try F.planner(store), .init(now: F.instant("2027-02-09 00:00"), days: 1))
        let day = try #require(messages.first { $0.kinds.contains(.posyanduChild) && $0.kinds.contains(.p2k2SameDay) })
        #expect(day.text.components(separatedBy: "Ibu Ani,").count - 1 == 1)
        let lines = day.text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("Ibu Ani, hari ini pukul 09.00 WIB ada P2K2") == true)
        #expect(lines.first?.hasSuffix("Sampai bertemu!") == false)
        #expect(lines.dropFirst().first == "Besok Rabu, 10 Februari pukul 08.00 WIB ada Posyandu Melati di Balai RW 01: Sari ditimbang dan dapat vitamin A.")
        #expect(lines.last == "Bawa buku KIA. Sampai bertemu!")
        #expect(day.smsSize == SMSSize(measuring: day.text))
    }
}
