import Foundation
import PengingatCore
import PengingatOutbox
import PengingatStore
import PengingatTemplates

/// One thing one household will be told, inside a planned message.
public struct PlannedItem: Sendable, Equatable {
    /// Stable per (household or member, event, offset): the same plan gives the same keys.
    public let key: String
    public let kind: MessageKind
    public let householdID: Household.ID
    /// The meeting id or obligation key.
    public let eventKey: String
    public let eventStart: LocalDateTime
    public let due: LocalDateTime
    public let expiry: LocalDateTime
    /// Sent to the ketua kelompok to pass on, because the household has no phone.
    public let isRelayed: Bool
    /// The language of the template used: the household's own, or Indonesian as the fallback.
    public let templateLanguage: Household.Language

    /// The template file used, `su/p2k2-reminder-day-before` or its Indonesian fallback.
    public var template: String { templateLanguage.rawValue + "/" + kind.rawValue }
}

/// One message the planner wants sent: everything due for one phone on one day (within one group).
public struct PlannedMessage: Sendable, Equatable {
    public let groupID: Group.ID
    public let phone: PhoneNumber
    public let channel: Household.Channel
    public let language: Household.Language
    public let zone: IndonesianTimeZone
    public let due: LocalDateTime
    public let expiry: LocalDateTime
    public let priority: Int
    public let items: [PlannedItem]
    /// The text as it will be sent on `channel` (typography mapped for SMS when configured).
    public let text: String
    public let smsSize: SMSSize
    /// One approved WhatsApp template per item, in the items' order, when every item is told
    /// directly and its kind has one (outside the 24-hour window WhatsApp delivers only
    /// templates); empty otherwise.
    public let whatsAppTemplates: [WhatsAppTemplateCall]
    /// The day it is for, in the group's zone: with the group and phone, what its key names.
    public let day: CalendarDate
    let keySecret: MessageKeySecret

    init(
        groupID: Group.ID, phone: PhoneNumber, day: CalendarDate, keySecret: MessageKeySecret, channel: Household.Channel,
        language: Household.Language, zone: IndonesianTimeZone, due: LocalDateTime, expiry: LocalDateTime, priority: Int,
        items: [PlannedItem], text: String, smsSize: SMSSize, whatsAppTemplates: [WhatsAppTemplateCall]
    ) {
        self.groupID = groupID
        self.phone = phone
        self.day = day
        self.keySecret = keySecret
        self.channel = channel
        self.language = language
        self.zone = zone
        self.due = due
        self.expiry = expiry
        self.priority = priority
        self.items = items
        self.text = text
        self.smsSize = smsSize
        self.whatsAppTemplates = whatsAppTemplates
    }

    /// Its outbox key (`PlanMessageKey`), worked out when asked: a keyed hash, and `rencana`
    /// shows tens of thousands of messages without one. Messages are ordered by due time and
    /// phone, not by key.
    public var key: String {
        PlanMessageKey.make(group: groupID, phone: phone.e164, day: day.description, secret: keySecret)
    }

    public var householdIDs: [Household.ID] {
        if items.count == 1 { return [items[0].householdID] }
        var seen = Set<Household.ID>()
        return items.map(\.householdID).filter { seen.insert($0).inserted }
    }

    public var kinds: [MessageKind] {
        var seen = Set<MessageKind>()
        return items.map(\.kind).filter { seen.insert($0).inserted }
    }

    public var dueAt: Date { due.instant(in: zone) }
    public var expiresAt: Date { expiry.instant(in: zone) }

    /// As the outbox keeps it.
    public func outboxMessage(source: String) -> OutboxMessage {
        OutboxMessage(
            key: key, source: source, phone: phone, channel: channel, language: language, groupID: groupID,
            dueAt: dueAt, expiresAt: expiresAt, priority: priority, text: text, segments: smsSize.segments,
            encoding: smsSize.encoding.rawValue,
            items: items.map {
                OutboxItem(key: $0.key, householdID: $0.householdID, eventKey: $0.eventKey,
                           eventAt: $0.eventStart.instant(in: zone), kind: $0.kind.rawValue)
            }, whatsAppTemplates: whatsAppTemplates)
    }
}

/// A household the plan could not reach, and why (in Bahasa Indonesia, for the facilitator).
public struct UnreachableHousehold: Sendable, Equatable {
    public let householdID: Household.ID
    public let groupID: Group.ID
    public let reason: String
}

/// What the planner decided for one group.
public struct GroupPlan: Sendable {
    public let group: Group
    public let messages: [PlannedMessage]
    public let tasks: [FacilitatorTask]
    public let unreachable: [UnreachableHousehold]
    /// Items whose values did not fit their template: a bug in the planner, never silent.
    public let renderFailures: [TemplateRenderError]
    /// Overdue pending messages about a meeting that has since moved or been cancelled.
    public let staleMessageKeys: Set<String>
}
