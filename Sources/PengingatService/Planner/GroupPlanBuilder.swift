import Foundation
import PengingatCore
import PengingatStore
import PengingatTemplates

/// Builds one group's plan: items per household, then messages per phone and day. A class: it
/// holds the rules, catalogue and roster of its group, and a struct of that size was copied
/// whole across the planner's awaits and lists. Used by one task at a time.
final class GroupPlanBuilder {
    let group: Group
    let now: LocalDateTime
    let end: LocalDateTime
    let rules: PlanningRules
    let catalogue: TemplateCatalogue
    let context: Planner.PlanningContext
    let householdsByID: [Household.ID: Household]
    let members: [Household.ID: [Member]]
    let meetings: [Meeting]
    let changes: [String: MeetingChange]
    /// The posyandus of the group's kelurahan, by RW.
    let posyandusByRW: [String: Posyandu]
    let resolver: RecipientResolver
    /// Each household's commitments verified as met, by month: their windows' remaining
    /// reminders are not sent.
    let met: [Household.ID: [CalendarMonth: Set<CommitmentSubject>]]

    private var drafts: [Draft] = []
    private var tasks: [FacilitatorTask] = []
    private var unreachable: [UnreachableHousehold] = []

    /// A household with items: where its messages go and how it is greeted, worked out once
    /// for all its items (each draft refers to it instead of copying the household's strings).
    final class Addressee {
        let household: Household
        /// Nil when no message can reach it (listed in the plan's unreachable households).
        let recipient: RecipientResolver.Recipient?
        /// `sapaan` and `nama` ("Bapak" for a household whose pengurus is a man, else "Ibu"; a
        /// title already in the name wins).
        let greeting: TemplateValues
        /// The greeting as the start of a text, when it can be put in front of a `GreetedBody`.
        let greetingPrefix: GreetingPrefix?

        init(household: Household, recipient: RecipientResolver.Recipient?, greeting: TemplateValues) {
            self.household = household
            self.recipient = recipient
            self.greeting = greeting
            self.greetingPrefix = GreetingPrefix(greeting)
        }
    }

    private var addressees: [Household.ID: Addressee] = [:]
    /// The household items are being added for: its items come one after another.
    private var currentAddressee: Addressee?

    /// An item before merging: who, what, when, and the values to render it with. A class: drafts
    /// are bucketed, sorted and filtered by reference, not copied with all their strings.
    final class Draft {
        let item: PlannedItem
        let addressee: Addressee
        /// Where the item goes (the addressee's recipient: a draft is made only when there is one).
        let recipient: RecipientResolver.Recipient
        /// The item's values without the greeting: a meeting reminder's are shared by the
        /// whole group, and adding each household's name to them would copy them for every item.
        let values: TemplateValues
        /// The text after the greeting, when the whole group's households are told the same
        /// (a meeting reminder): rendered once for the group, each greeting put in front.
        let body: GreetedBody?
        let priority: Int

        init(item: PlannedItem, addressee: Addressee, recipient: RecipientResolver.Recipient, values: TemplateValues,
             body: GreetedBody?, priority: Int) {
            self.item = item
            self.addressee = addressee
            self.recipient = recipient
            self.values = values
            self.body = body
            self.priority = priority
        }

        var household: Household { addressee.household }
        /// `sapaan` and `nama`, standing over `values` when the item is rendered.
        var greeting: TemplateValues { addressee.greeting }
        var phone: PhoneNumber { recipient.phone }
    }

    init(
        group: Group, now: LocalDateTime, end: LocalDateTime, rules: PlanningRules, catalogue: TemplateCatalogue,
        context: Planner.PlanningContext, households: [Household], members: [Household.ID: [Member]], meetings: [Meeting],
        changes: [String: MeetingChange], verifications: [CommitmentVerification] = []
    ) {
        var met: [Household.ID: [CalendarMonth: Set<CommitmentSubject>]] = [:]
        for verification in verifications where verification.status == .met {
            met[verification.householdID, default: [:]][verification.month, default: []].insert(verification.subject)
        }
        self.met = met
        self.group = group
        self.now = now
        self.end = end
        self.rules = rules
        self.catalogue = catalogue
        self.context = context
        self.householdsByID = Dictionary(uniqueKeysWithValues: households.map { ($0.id, $0) })
        self.members = members
        self.meetings = meetings
        self.changes = changes
        self.posyandusByRW = context.posyandus.posyandus(kelurahan: group.kelurahan)
        self.resolver = RecipientResolver(
            group: group, households: households, sharedPhones: context.sharedPhones, unreachable: context.unreachable)
    }

    /// The keys of the items planned so far (unique: an item key names one item of one plan).
    var itemKeys: [String] { drafts.map(\.item.key) }

    // MARK: - Recipients

    /// The household's addressee, made when its first item is added (a household no item is
    /// planned for is not listed as unreachable).
    func addressee(for household: Household) -> Addressee {
        if let currentAddressee, currentAddressee.household.id == household.id { return currentAddressee }
        if let known = addressees[household.id] {
            currentAddressee = known
            return known
        }
        let recipient = resolver.recipient(for: household)
        if recipient == nil {
            unreachable.append(UnreachableHousehold(
                householdID: household.id, groupID: group.id, reason: RecipientResolver.unreachableReason))
        }
        let addressee = Addressee(
            household: household, recipient: recipient,
            greeting: TemplateValues.greeting(for: household, members: members[household.id] ?? []))
        addressees[household.id] = addressee
        currentAddressee = addressee
        return addressee
    }

    // MARK: - Items

    /// A reminder of one of the group's meetings, as every household gets it: what, when, and
    /// its values in each language (the same for the whole group, so worked out once).
    private struct MeetingReminder {
        let meeting: Meeting
        let offsetName: String
        let kind: MessageKind
        let due: LocalDateTime
        /// "<meeting>@<start>": the end of each household's item key.
        let eventKey: String
        /// What a household reading each language is told, worked out for the first such household.
        var told: [Household.Language: Told] = [:]

        struct Told {
            let values: TemplateValues
            /// Nil when the template cannot be told as a greeting and a shared rest.
            let body: GreetedBody?
            /// The template's language: the household's, or Indonesian as the fallback.
            let templateLanguage: Household.Language
        }
    }

    private var meetingReminders: [MeetingReminder]?

    private func groupMeetingReminders() -> [MeetingReminder] {
        if let known = meetingReminders { return known }
        var reminders: [MeetingReminder] = []
        for meeting in meetings where meeting.status != .cancelled {
            for offset in rules.policy.offsets[.p2k2] ?? [] {
                guard let kindName = offset.template, let kind = MessageKind(rawValue: kindName),
                      let due = rules.policy.dueTime(offset, eventStart: meeting.start, expiry: meeting.start, now: now),
                      due < end
                else { continue }
                reminders.append(MeetingReminder(
                    meeting: meeting, offsetName: offset.name, kind: kind, due: due, eventKey: "\(meeting.id)@\(meeting.start)"))
            }
        }
        meetingReminders = reminders
        return reminders
    }

    func addMeetingReminders(for household: Household) {
        // Read by index where they lie: a reminder is not copied with its tables for every household.
        let reminders = groupMeetingReminders()
        for index in reminders.indices {
            let kind = reminders[index].kind
            let told: MeetingReminder.Told
            if let known = reminders[index].told[household.language] {
                told = known
            } else {
                let values = meetingValues(reminders[index].meeting, due: reminders[index].due, wording: wording(kind, household))
                told = MeetingReminder.Told(
                    // A failure here is met again, and reported, when the item is rendered whole.
                    values: values, body: try? catalogue.greetedBody(kind, language: household.language, values: values),
                    templateLanguage: templateLanguage(kind, household))
                meetingReminders?[index].told[household.language] = told
            }
            add(kind: kind, household: household, key: "\(reminders[index].offsetName)/\(household.id)/\(reminders[index].eventKey)",
                eventKey: reminders[index].meeting.id, eventStart: reminders[index].meeting.start, due: reminders[index].due,
                expiry: reminders[index].meeting.start, priority: kind == .p2k2SameDay ? 2 : 5, values: told.values,
                body: told.body, templateLanguage: told.templateLanguage)
        }
    }

    /// Each posyandu's days, worked out once for all the households it serves.
    private var posyanduDays: [Posyandu.ID: [CalendarDate]] = [:]

    func addObligations(for household: Household, through last: CalendarDate) {
        let posyandu = posyandusByRW[household.rw]
        var days: [CalendarDate] = []
        if let posyandu {
            if let known = posyanduDays[posyandu.id] {
                days = known
            } else {
                days = rules.obligations.posyanduDays(posyandu, from: now.date, through: last)
                posyanduDays[posyandu.id] = days
            }
        }
        let obligations = rules.obligations.obligations(
            of: household, members: members[household.id] ?? [], posyandu: posyandu, posyanduDays: days,
            from: now.date, through: last)
        let settled = settledObligations(of: household, posyandu: posyandu, among: obligations)
        for obligation in obligations where !settled.contains(obligation.key) {
            if obligation.kind == .homeVisit {
                if obligation.start.date >= now.date, obligation.start < end {
                    tasks.append(FacilitatorTask(
                        key: obligation.key, kind: .homeVisit, facilitatorID: group.facilitatorID,
                        householdID: household.id, due: obligation.start.date,
                        reason: "Kunjungan rumah bulanan: anggota dengan disabilitas berat ("
                            + ObligationCalculator.joined(obligation.memberNames) + ")"))
                }
                continue
            }
            guard let (topic, kind) = Self.topicAndKind(obligation.kind) else { continue }
            for offset in rules.policy.offsets[topic] ?? [] {
                guard let due = rules.policy.dueTime(offset, eventStart: obligation.start, expiry: obligation.expiry, now: now),
                      due < end
                else { continue }
                let values = obligationValues(
                    obligation, kind: kind, due: due, posyandu: posyandu,
                    wording: wording(kind, household), household: household)
                add(kind: kind, household: household, key: "\(offset.name)/\(obligation.key)", eventKey: obligation.key,
                    eventStart: obligation.start, due: due, expiry: obligation.expiry, priority: 5, values: values)
            }
        }
    }

    /// The obligations of the household that a month's verification found met. A month is
    /// worked out only when one of the obligations being planned, about a member and commitment
    /// met that month, is open in it (a window that ran into this month, this month's posyandu):
    /// verified months are read back for every plan, and most of them touch nothing still to remind.
    /// The month's obligations are then worked out for that month, so a window that has closed
    /// since still takes its own verification and the next window keeps its reminders.
    private func settledObligations(
        of household: Household, posyandu: Posyandu?, among planned: [Obligation]
    ) -> Set<String> {
        guard let months = met[household.id] else { return [] }
        var settled = Set<String>()
        for (month, subjects) in months {
            let touched = planned.contains { obligation in
                guard let commitment = Commitment(obligation.kind),
                      obligation.start.date <= month.last, obligation.expiry.date >= month.first
                else { return false }
                return obligation.memberNames.contains {
                    subjects.contains(CommitmentSubject(householdID: household.id, memberName: $0, commitment: commitment))
                }
            }
            guard touched else { continue }
            let obligations = rules.obligations.obligations(
                of: household, members: members[household.id] ?? [], posyandu: posyandu, from: month.first, through: month.last)
            settled.formUnion(CommitmentRules.settledObligationKeys(in: month, obligations: obligations, met: subjects))
        }
        return settled
    }

    /// Households already told of a meeting that has since moved or been cancelled get a notice.
    func addChangeNotices(for meeting: Meeting, told: [Household.ID: Date]) {
        let startInstant = meeting.start.instant(in: group.zone)
        for (householdID, toldStart) in told.sorted(by: { $0.key < $1.key }) {
            guard let household = householdsByID[householdID], household.status == .active, household.consent == .granted
            else { continue }
            let toldLocal = LocalDateTime(toldStart, in: group.zone)
            let kind: MessageKind
            let key: String
            if meeting.status == .cancelled {
                kind = .p2k2Cancelled
                key = "batal/\(householdID)/\(meeting.id)"
            } else if toldStart != startInstant {
                kind = .p2k2Rescheduled
                key = "pindah/\(householdID)/\(meeting.id)@\(meeting.start)"
            } else {
                continue
            }
            // A notice goes as soon as allowed, and is pointless after the old time has passed.
            let expiry = meeting.status == .cancelled ? toldLocal : min(toldLocal, meeting.start)
            guard let due = rules.policy.nextAllowed(from: now), due < expiry, due < end else { continue }
            let wording = wording(kind, household)
            var values: TemplateValues = ["tanggal_lama": .text(wording.dateWithWeekday(toldLocal.date))]
            if kind == .p2k2Cancelled {
                if let next = nextMeeting(after: meeting) {
                    values["tanggal_berikut"] = .text(wording.dateWithWeekday(next.start.date))
                }
            } else {
                for entry in meetingValues(meeting, due: due, wording: wording).entries where entry.name != "kapan" {
                    values[entry.name] = entry.value
                }
            }
            add(kind: kind, household: household, key: key, eventKey: meeting.id, eventStart: meeting.start, due: due,
                expiry: expiry, priority: 1, values: values)
        }
    }

    /// The group's next meeting that will take place, looking up to a year ahead.
    func nextMeeting(after meeting: Meeting) -> Meeting? {
        var date = CalendarDate(year: meeting.year, month: meeting.month, day: 1) ?? meeting.start.date
        for _ in 0..<12 {
            date = date.adding(months: 1)
            if let next = rules.meetingCalendar.meeting(of: group, year: date.year, month: date.month, changes: changes),
               next.status != .cancelled, next.start > meeting.start {
                return next
            }
        }
        return nil
    }

    private func add(
        kind: MessageKind, household: Household, key: String, eventKey: String, eventStart: LocalDateTime,
        due: LocalDateTime, expiry: LocalDateTime, priority: Int, values: TemplateValues, body: GreetedBody? = nil,
        templateLanguage: Household.Language? = nil
    ) {
        let addressee = addressee(for: household)
        guard let recipient = addressee.recipient else { return }
        var kind = kind
        var body = body
        var templateLanguage = templateLanguage
        var isRelayed = false
        var own = true
        switch recipient {
        case .phone(_, let isOwn, _): own = isOwn
        case .relay: isRelayed = true; own = false
        }
        var templateValues = values
        if !own, kind.carriesHealthDetails {
            kind = .healthDiscreet
            body = nil
            templateLanguage = nil
            // An event expires when it starts; a window (a visit due by a date) later.
            templateValues = Self.discreetValues(eventStart: eventStart, windowEnd: expiry, isWindow: expiry != eventStart,
                                                 wording: wording(kind, household), zone: group.zone)
        }
        drafts.append(Draft(
            item: PlannedItem(key: key, kind: kind, householdID: household.id, eventKey: eventKey, eventStart: eventStart,
                              due: due, expiry: expiry, isRelayed: isRelayed,
                              templateLanguage: templateLanguage ?? self.templateLanguage(kind, household)),
            addressee: addressee, recipient: recipient, values: templateValues, body: body, priority: priority))
    }

    // MARK: - Values

    /// Dates are worded in the language the text will be in: the household's own when the
    /// kind has a template in it, else Indonesian (never a Sundanese date in an Indonesian sentence).
    func wording(_ kind: MessageKind, _ household: Household) -> MessageWording {
        MessageWording(language: catalogue.hasOwnTemplate(kind, language: household.language) ? household.language : .indonesian)
    }

    /// The language of the template `kind` is told in to `household`: its own, or Indonesian.
    func templateLanguage(_ kind: MessageKind, _ household: Household) -> Household.Language {
        catalogue.entry(for: kind, language: household.language)?.language ?? .indonesian
    }

    func greeting(for household: Household) -> TemplateValues {
        if let addressee = addressees[household.id] { return addressee.greeting }
        guard householdsByID[household.id] != nil else { return TemplateValues.greeting(salutation: "Ibu", household: household) }
        return TemplateValues.greeting(for: household, members: members[household.id] ?? [])
    }

    /// The discreet reminder says when without saying what: the day and time of an event, or
    /// the last day of a window ("paling lambat").
    static func discreetValues(
        eventStart: LocalDateTime, windowEnd: LocalDateTime, isWindow: Bool, wording: MessageWording, zone: IndonesianTimeZone
    ) -> TemplateValues {
        if isWindow {
            return ["tanggal": .text(wording.dateWithWeekday(windowEnd.date)), "batas": true]
        }
        return ["tanggal": .text(wording.dateWithWeekday(eventStart.date)), "jam": .text(wording.time(eventStart.time, zone: zone)),
                "batas": false]
    }

    func meetingValues(_ meeting: Meeting, due: LocalDateTime, wording: MessageWording) -> TemplateValues {
        TemplateValues.meeting(meeting, due: due, wording: wording)
    }

    func obligationValues(
        _ obligation: Obligation, kind: MessageKind, due: LocalDateTime, posyandu: Posyandu?, wording: MessageWording,
        household: Household
    ) -> TemplateValues {
        let names = wording.list(obligation.memberNames)
        let when: TemplateValues = {
            var values: TemplateValues = [
                "tanggal": .text(wording.dateWithWeekday(obligation.start.date, near: due.date)),
                "jam": .text(wording.time(obligation.start.time, zone: group.zone)),
            ]
            if let relative = wording.relativeDay(obligation.start.date, today: due.date) { values["kapan"] = .text(relative) }
            return values
        }()
        let posyanduName = posyandu?.name ?? "Posyandu"
        let posyanduPlace = posyandu.map { $0.place.isEmpty ? $0.name : $0.place } ?? "posyandu atau puskesmas terdekat"
        var values: TemplateValues
        switch kind {
        case .posyanduChild:
            values = when
            values["anak"] = .text(names)
            values["tempat"] = .text(posyanduPlace)
            values["posyandu"] = .text(posyanduName)
        case .posyanduPregnant:
            values = when
            values["tempat"] = .text(posyanduPlace)
            values["posyandu"] = .text(posyanduName)
        case .posyanduElderly:
            values = when
            values["lansia"] = .text(names)
            values["tempat"] = .text(posyanduPlace)
        case .antenatalVisit:
            values = ["kunjungan_ke": .text(obligation.details["number"] ?? ""),
                      "dokter": .flag(obligation.details["doctor"] == "yes"),
                      "sampai": .text(wording.date(obligation.expiry.date))]
        case .deliveryPreparation:
            values = ["hpl": .text(wording.dateWithWeekday(obligation.expiry.date))]
        case .postnatalVisit:
            values = ["kunjungan_ke": .text(obligation.details["number"] ?? ""), "pertama": .flag(obligation.details["number"] == "1"),
                      "sampai": .text(wording.date(obligation.expiry.date))]
        case .newbornVisit:
            values = ["anak": .text(names.isEmpty ? wording.newborn(of: greeting(for: household)["sapaan"].flatMap {
                          if case .text(let text) = $0 { text } else { nil } } ?? "Ibu") : names),
                      "kunjungan_ke": .text(obligation.details["number"] ?? ""), "pertama": .flag(obligation.details["number"] == "1"),
                      "sampai": .text(wording.date(obligation.expiry.date))]
        case .immunisationDue:
            if obligation.details["session"] == "posyandu", let posyandu {
                values = when
                // The posyandu by name: with four vaccines and a child's full name, its address
                // would make the message two SMS (the posyandu reminder of the day names it).
                values["tempat"] = .text(posyandu.name)
            } else {
                // No session on file: from when it is due, and no time or place.
                values = ["tanggal": .text(wording.dateWithWeekday(obligation.start.date, near: due.date))]
            }
            values["anak"] = .text(names)
            values["imunisasi"] = .text(wording.list(obligation.vaccines))
        case .vitaminA:
            values = when
            values["anak"] = .text(names)
            values["bulan"] = .text(wording.month(obligation.start.date.month))
            values["posyandu"] = .text(posyanduName)
            values["tempat"] = .text(posyanduPlace)
        case .semesterStart:
            values = ["anak": .text(names), "sekolah": .text(obligation.details["school"].flatMap { $0.isEmpty ? nil : $0 } ?? "sekolah"),
                      "tanggal": .text(wording.dateWithWeekday(obligation.start.date))]
        case .schoolAttendance:
            values = ["anak": .text(names), "sekolah": .text(obligation.details["school"].flatMap { $0.isEmpty ? nil : $0 } ?? "sekolah")]
        default:
            values = [:]
        }
        return values
    }

    static func topicAndKind(_ kind: Obligation.Kind) -> (ReminderPolicy.Topic, MessageKind)? {
        switch kind {
        case .posyanduChild: (.posyandu, .posyanduChild)
        case .posyanduPregnant: (.posyandu, .posyanduPregnant)
        case .posyanduElderly: (.posyandu, .posyanduElderly)
        case .antenatalVisit: (.antenatal, .antenatalVisit)
        case .deliveryPreparation: (.deliveryPreparation, .deliveryPreparation)
        case .postnatalVisit: (.postnatal, .postnatalVisit)
        case .newbornVisit: (.newborn, .newbornVisit)
        case .immunisation: (.immunisation, .immunisationDue)
        case .vitaminA: (.vitaminA, .vitaminA)
        case .semesterStart: (.semesterStart, .semesterStart)
        case .schoolAttendance: (.schoolAttendance, .schoolAttendance)
        case .homeVisit: nil
        }
    }

    // MARK: - Messages

    private struct PhoneDay: Hashable {
        let phone: PhoneNumber
        let day: CalendarDate
    }

    /// Merges the items per phone and day, leaving out items another message already holds,
    /// and renders each message.
    func finish(liveElsewhere live: [String: String], stale: Set<String>) -> GroupPlan {
        var buckets: [PhoneDay: [Draft]] = [:]
        buckets.reserveCapacity(drafts.count)
        // One keyed hash per phone and day, not one per item.
        var keys: [PhoneDay: String] = [:]
        func key(_ phoneDay: PhoneDay) -> String {
            if let known = keys[phoneDay] { return known }
            let key = PlanMessageKey.make(
                group: group.id, phone: phoneDay.phone.e164, day: phoneDay.day.description, secret: context.messageKeys)
            keys[phoneDay] = key
            return key
        }
        for draft in drafts {
            let phoneDay = PhoneDay(phone: draft.phone, day: draft.item.due.date)
            if !live.isEmpty, let holder = live[draft.item.key], holder != key(phoneDay) { continue }
            buckets[phoneDay, default: []].append(draft)
        }
        // Optional, so the sorted list below can take each message out instead of copying it
        // (a copy retains every string of the message, and freeing the first list releases them).
        var messages: [PlannedMessage?] = []
        messages.reserveCapacity(buckets.count)
        var failures: [TemplateRenderError] = []
        for (phoneDay, bucket) in buckets {
            guard let message = render(phoneDay, drafts: bucket, failures: &failures) else { continue }
            messages.append(message)
        }
        // Ordered through their indices: a message is large to move.
        // One message per phone and day: due time and phone order them all.
        let order = messages.indices.sorted {
            (messages[$0]!.due, messages[$0]!.phone.e164) < (messages[$1]!.due, messages[$1]!.phone.e164)
        }
        var ordered: [PlannedMessage] = []
        ordered.reserveCapacity(order.count)
        for index in order {
            var message: PlannedMessage?
            swap(&message, &messages[index])
            ordered.append(message!)
        }
        return GroupPlan(group: group, messages: ordered, tasks: tasks, unreachable: unreachable,
                         renderFailures: failures, staleMessageKeys: stale)
    }

    /// Kinds that happen at the posyandu session itself, and what each member does there.
    private static func posyanduActivity(_ draft: Draft) -> MessageWording.MemberActivity? {
        func text(_ name: String) -> String? {
            if case .text(let value)? = draft.values[name] { return value }
            return nil
        }
        switch draft.item.kind {
        case .posyanduChild: return text("anak").map { .init(member: $0, activity: .weighing) }
        case .vitaminA: return text("anak").map { .init(member: $0, activity: .vitaminA) }
        case .posyanduPregnant:
            guard case .text(let salutation)? = draft.greeting["sapaan"] else { return nil }
            return .init(member: salutation, activity: .pregnancyCheck)
        case .posyanduElderly: return text("lansia").map { .init(member: $0, activity: .healthCheck) }
        case .immunisationDue:
            // Only at a known session (its message otherwise says from when it is due).
            guard draft.values["jam"] != nil, let child = text("anak"), let vaccines = text("imunisasi") else { return nil }
            return .init(member: child, activity: .immunisation(vaccines))
        default: return nil
        }
    }

    /// The posyandu items of `draft`'s household at `draft`'s session, when there are two or
    /// more: one greeting, the session's time and place once, then what each member does there.
    private func posyanduDay(of draft: Draft, among drafts: [Draft]) -> (values: TemplateValues, keys: Set<String>)? {
        guard Self.posyanduActivity(draft) != nil else { return nil }
        let session = drafts.filter {
            $0.household.id == draft.household.id && $0.item.eventStart == draft.item.eventStart && Self.posyanduActivity($0) != nil
        }
        // Time and place from an item that names the posyandu and where it meets.
        guard session.count >= 2,
              let anchor = session.first(where: { $0.item.kind != .immunisationDue && $0.values["posyandu"] != nil })
        else { return nil }
        let wording = wording(.posyanduDay, draft.household)
        var values = draft.greeting
        for name in ["kapan", "tanggal", "jam", "posyandu", "tempat"] { values[name] = anchor.values[name] }
        values["kegiatan"] = .text(wording.posyanduActivities(session.compactMap(Self.posyanduActivity)))
        return (values, Set(session.map(\.item.key)))
    }

    private func render(_ phoneDay: PhoneDay, drafts: [Draft], failures: inout [TemplateRenderError]) -> PlannedMessage? {
        func renderText(
            _ kind: MessageKind, language: Household.Language, values: TemplateValues, greeting: TemplateValues? = nil
        ) -> String? {
            do {
                return try catalogue.text(kind, language: language, values: values, greeting: greeting)
            } catch {
                failures.append(error)
                return nil
            }
        }
        // Most messages tell one item to its own household: told whole, nothing to merge.
        if drafts.count == 1, !drafts[0].item.isRelayed {
            let only = drafts[0]
            if let body = only.body, let prefix = only.addressee.greetingPrefix {
                let greeted = catalogue.text(body, greeting: prefix)
                return message(phoneDay, ordered: drafts, channel: only.household.channel, language: only.household.language,
                               text: greeted.text,
                               sms: (greeted.smsText, greeted.smsSize))
            }
            guard let text = renderText(only.item.kind, language: only.household.language, values: only.values,
                                        greeting: only.greeting) else { return nil }
            return message(phoneDay, ordered: drafts, channel: only.household.channel, language: only.household.language,
                           text: text)
        }
        let ordered = drafts.sorted { ($0.item.due, $0.item.key) < ($1.item.due, $1.item.key) }
        guard !ordered.isEmpty else { return nil }
        let direct = ordered.filter { !$0.item.isRelayed }
        // Several items are told as parts, each closing said once at the end; one is told whole.
        func renderPart(
            _ kind: MessageKind, language: Household.Language, values: TemplateValues, greeting: TemplateValues? = nil
        ) -> MessagePart? {
            guard direct.count > 1 else {
                return renderText(kind, language: language, values: values, greeting: greeting).map { MessagePart(body: $0) }
            }
            do {
                return try catalogue.part(kind, language: language, values: values, greeting: greeting)
            } catch {
                failures.append(error)
                return nil
            }
        }
        var parts: [MessagePart] = []
        // Items told in a composed posyandu sentence, by item key.
        var told = Set<String>()
        // A household is greeted once in a message: its first part as rendered, its later parts
        // without the greeting. A later part that reads like one already said (two discreet
        // reminders with the same last day) is left out.
        var saidTo: [Household.ID: (first: MessagePart, later: [MessagePart])] = [:]
        func append(_ part: MessagePart, for household: Household) {
            guard var said = saidTo[household.id] else {
                saidTo[household.id] = (part, [])
                parts.append(part)
                return
            }
            let values = greeting(for: household)
            func continuing(_ part: MessagePart) -> MessagePart {
                guard case .text(let salutation)? = values["sapaan"], case .text(let name)? = values["nama"] else { return part }
                return part.continuing(after: "\(salutation) \(name), ")
            }
            let continued = continuing(part)
            guard continued != continuing(said.first), !said.later.contains(continued) else { return }
            said.later.append(continued)
            saidTo[household.id] = said
            parts.append(continued)
        }
        for draft in direct where !told.contains(draft.item.key) {
            if let day = posyanduDay(of: draft, among: direct) {
                if let part = renderPart(.posyanduDay, language: draft.household.language, values: day.values) {
                    append(part, for: draft.household)
                    told.formUnion(day.keys)
                    continue
                }
            }
            if let part = renderPart(draft.item.kind, language: draft.household.language, values: draft.values,
                                     greeting: draft.greeting) {
                append(part, for: draft.household)
            }
        }
        var lines = parts.isEmpty ? [] : [MessagePart.joined(parts)]
        let relayed = ordered.filter(\.item.isRelayed)
        var leaderForRelay: Household?
        if case .relay(let leader, _) = relayed.first?.recipient {
            leaderForRelay = leader
            let entries: [TemplateValues] = relayed.compactMap { draft in
                guard let text = renderText(draft.item.kind, language: draft.household.language, values: draft.values,
                                            greeting: draft.greeting)
                else { return nil }
                return ["penerima": .text(TemplateValues.addressee(draft.greeting)), "pesan": .text(text)]
            }
            var values = greeting(for: leader)
            values["titipan"] = .list(entries)
            values["pendamping"] = .text(context.facilitators[group.facilitatorID]?.name ?? "Pendamping PKH")
            if let text = renderText(.relayDigest, language: leader.language, values: values) { lines.append(text) }
        }
        guard !lines.isEmpty else { return nil }
        let recipients = direct.map(\.household) + (leaderForRelay.map { [$0] } ?? [])
        return message(phoneDay, ordered: ordered, channel: recipients.contains { $0.channel == .sms } ? .sms : .whatsapp,
                       language: recipients.first?.language ?? .indonesian,
                       text: lines.joined(separator: "\n"))
    }

    /// The message of `ordered` drafts (by due time), told in `text` on `channel` (SMS when any of
    /// its households reads SMS) in `language` (its first household's). `sms` is the text as an
    /// SMS carries it and its size, when already worked out.
    private func message(
        _ phoneDay: PhoneDay, ordered: [Draft], channel: Household.Channel, language: Household.Language, text: String,
        sms: (text: String, size: SMSSize)? = nil
    ) -> PlannedMessage {
        let first = ordered[0]
        let smsText = sms?.text ?? (catalogue.settings.mapTypography ? SMSText.mappingTypography(text) : text)
        let whatsAppTemplates = whatsAppTemplateCalls(ordered)
        var due = first.item.due
        var expiry = first.item.expiry
        var priority = first.priority
        for draft in ordered.dropFirst() {
            due = min(due, draft.item.due)
            expiry = min(expiry, draft.item.expiry)
            priority = min(priority, draft.priority)
        }
        return PlannedMessage(
            groupID: group.id, phone: first.phone, day: phoneDay.day, keySecret: context.messageKeys, channel: channel,
            language: language, zone: group.zone, due: due, expiry: expiry,
            priority: priority, items: ordered.map(\.item),
            text: channel == .sms ? smsText : text, smsSize: sms?.size ?? SMSSize(measuring: smsText),
            whatsAppTemplates: whatsAppTemplates)
    }

    /// One template call per draft, in order, or none: outside the 24-hour window a message goes
    /// by templates only if every item has one. A relayed item has none (its text is the
    /// leader's digest). Parameters come from the item's own values, and every one must have a
    /// value (an immunisation without a known session has no time or place; the approved text
    /// would show a gap).
    private func whatsAppTemplateCalls(_ ordered: [Draft]) -> [WhatsAppTemplateCall] {
        // Checked first, so a message with an item lacking a template builds no values at all
        // (a message of one item, most of them, is checked by building its one call).
        guard ordered.count == 1 || ordered.allSatisfy({ catalogue.whatsAppTemplates[$0.item.kind] != nil }),
              !ordered.contains(where: \.item.isRelayed)
        else { return [] }
        var calls: [WhatsAppTemplateCall] = []
        calls.reserveCapacity(ordered.count)
        for draft in ordered {
            guard let template = catalogue.whatsAppTemplates[draft.item.kind] else { return [] }
            var parameters: [String] = []
            parameters.reserveCapacity(template.parameters.count)
            for name in template.parameters {
                guard case .text(let text)? = draft.greeting[name] ?? draft.values[name], !text.isEmpty else { return [] }
                parameters.append(text)
            }
            calls.append(WhatsAppTemplateCall(name: template.name, language: template.language, parameters: parameters))
        }
        return calls
    }
}
