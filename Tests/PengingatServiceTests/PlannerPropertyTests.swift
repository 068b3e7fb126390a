import Foundation
import PengingatCore
import PengingatService
import PengingatStore
import PengingatTemplates
import PropertyBased
import PengingatTestSupport
import Testing

/// Generated rosters and dates: what must hold whatever the roster.
@Suite("Planner properties")
struct PlannerPropertyTests {
    typealias F = PlannerFixture

    /// A roster from a seed: groups in the three zones with random rules, households with
    /// shared, borrowed and missing phones, members with every component and random dates.
    static func roster(seed: UInt64) -> (RosterUpdate, Date) {
        var random = SplitMix(seed: seed)
        let zones: [IndonesianTimeZone] = [.wib, .wita, .wit]
        let schedules = ["Selasa ke-2 09.00", "Kamis terakhir 13.30", "tanggal 15 08.00", "Senin ke-1 07.30",
                         "Jumat ke-3 11.00", "Sabtu terakhir 19.30", "tanggal 31 07.00"]
        var groups: [Group] = []
        var households: [Household] = []
        var members: [Member] = []
        let phones = (0..<40).map { try! PhoneNumber(parsing: "0812\(String(format: "%08d", 10_000_000 + $0 * 7919))") }
        let today = CalendarDate(year: 2026, month: 1, day: 1)!.adding(days: random.next(730))
        for g in 0..<(2 + random.next(3)) {
            let id = "G\(g)"
            groups.append(Group(
                id: id, name: id, facilitatorID: "F1", kelurahan: "Margabakti", rw: "01", zone: zones[random.next(3)],
                schedule: try! MeetingSchedule.parse(schedules[random.next(schedules.count)]), place: "Aula",
                mode: random.next(4) == 0 ? .online : .inPerson, isPKHAkses: random.next(5) == 0,
                leaderHouseholdID: "\(id)-H0"))
            for h in 0..<(3 + random.next(8)) {
                let hid = "\(id)-H\(h)"
                let phoneChoice = random.next(10)
                households.append(Household(
                    id: hid, caregiverName: "Ibu \(hid)", phone: h == 0 || phoneChoice > 1 ? phones[random.next(phones.count)] : nil,
                    alternatePhone: phoneChoice == 1 ? phones[random.next(phones.count)] : nil,
                    language: [.indonesian, .sundanese, .javanese][random.next(3)], groupID: id, rw: "01",
                    status: random.next(20) == 0 ? .inactive : .active))
                for m in 0..<(1 + random.next(4)) {
                    let component = Member.Component.allCases.randomElement(using: &random)
                    let birth = today.adding(days: -random.next(365 * 70))
                    members.append(Member(
                        householdID: hid, name: "Anggota \(m)", birthDate: birth, component: component,
                        lastMenstrualPeriod: component == .pregnant ? today.adding(days: -random.next(280)) : nil,
                        deliveryDate: component == .postpartum ? today.adding(days: -random.next(42)) : nil,
                        schoolName: component?.isSchool == true ? "SD \(m)" : ""))
                }
            }
        }
        let now = LocalDateTime(date: today, time: TimeOfDay(hour: random.next(24), minute: random.next(60))!).instant(in: .wib)
        return (RosterUpdate(
            facilitators: [Facilitator(id: "F1", name: "Rina")],
            posyandus: [Posyandu(id: "P1", name: "Posyandu Melati", kelurahan: "Margabakti", rw: "01",
                                 schedule: try! MeetingSchedule.parse("Rabu ke-2 08.00"), place: "Balai")],
            groups: groups, households: households, members: members,
            householdsWithCompleteMembers: Set(households.map(\.id))), now)
    }

    @Test("nothing outside a send window or after expiry; the same input twice gives the same keys; one message per phone per day")
    func properties() async throws {
        let rules = try F.rules()
        let catalogue = try F.catalogue()
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let (update, now) = Self.roster(seed: UInt64(seed))
            let store = try SQLiteStore.inMemory()
            _ = try await store.apply(update)
            let planner = Planner(store: store, rules: rules, catalogue: catalogue, logger: .init(label: "test"))
            let horizon = Planner.Horizon(now: now, days: 1 + seed % 40)
            var first: [GroupPlan] = []
            var second: [GroupPlan] = []
            do {
                try await planner.plan(horizon) { first.append($0) }
                try await planner.plan(horizon) { second.append($0) }
            } catch {
                Issue.record("planning failed: \(error)")
                return
            }
            let messages = first.flatMap(\.messages)
            #expect(messages.map(\.key) == second.flatMap(\.messages).map(\.key))
            #expect(messages.map(\.text) == second.flatMap(\.messages).map(\.text))
            #expect(first.allSatisfy { $0.renderFailures.isEmpty })
            var seenItems = Set<String>()
            var phoneDays = Set<String>()
            for message in messages {
                let dueLocal = message.due
                #expect(rules.policy.isAllowed(dueLocal), "\(message.key) due \(dueLocal) outside the send window")
                #expect(message.dueAt >= horizon.now && message.dueAt < horizon.end)
                for item in message.items {
                    #expect(item.due < item.expiry, "\(item.key) due \(item.due) after its expiry \(item.expiry)")
                    #expect(seenItems.insert(item.key).inserted, "item \(item.key) planned twice")
                }
                #expect(phoneDays.insert("\(message.groupID) \(message.phone) \(message.due.date)").inserted,
                        "two messages for one phone on one day: \(message.key)")
                #expect(!message.text.isEmpty)
            }
            // Households that left or opted out are never planned.
            let inactive = Set(update.households.filter { $0.status == .inactive }.map(\.id))
            #expect(messages.allSatisfy { Set($0.householdIDs).isDisjoint(with: inactive) })
        }
    }

    @Test("every meeting reminder in the horizon is planned exactly once per offset per household")
    func everyOffsetOnce() async throws {
        let rules = try F.rules()
        let (update, now) = Self.roster(seed: 7)
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(update)
        let planner = Planner(store: store, rules: rules, catalogue: try F.catalogue(), logger: .init(label: "test"))
        let horizon = Planner.Horizon(now: now, days: 45)
        var plans: [GroupPlan] = []
        try await planner.plan(horizon) { plans.append($0) }
        let items = plans.flatMap(\.messages).flatMap(\.items)
        for group in update.groups {
            let zone = group.zone
            let local = LocalDateTime(now, in: zone)
            let end = LocalDateTime(horizon.end, in: zone)
            let meetings = rules.meetingCalendar.meetings(of: group, from: local.date, through: end.date.adding(days: 5), changes: [:])
            for household in update.households where household.groupID == group.id && household.status == .active {
                guard household.phone != nil || household.alternatePhone != nil
                        || update.households.first(where: { $0.id == group.leaderHouseholdID })?.phone != nil else { continue }
                for meeting in meetings {
                    for offset in rules.policy.offsets[.p2k2] ?? [] {
                        guard let due = rules.policy.dueTime(offset, eventStart: meeting.start, expiry: meeting.start, now: local),
                              due < end else { continue }
                        let planned = items.filter { $0.householdID == household.id && $0.eventKey == meeting.id && $0.due == due }
                        #expect(planned.count == 1, "\(household.id) \(meeting.id) \(offset.name): \(planned.count)")
                    }
                }
            }
        }
    }
}
