import Foundation
import PengingatCore

/// A message a household (or anyone) sent in, as received, with what it was read to mean and
/// what Pengingat answered. Kept for the facilitator to read and mark handled.
public struct Reply: Sendable, Equatable, Identifiable {
    /// What Pengingat did in answer.
    public enum Response: String, Sendable, Equatable, CaseIterable {
        /// An answer was put in the outbox (`responseKey`).
        case answered = "dijawab"
        /// Nothing needed saying: a repeat, an opted-out number, a number not in the roster.
        case silent = "diam"
        /// The number had been answered too often lately: two auto-responders must not loop.
        case rateLimited = "dibatasi"
    }

    /// Where a reply stands in the newest-first list: replies are ordered by when they came
    /// in, then by id.
    public struct Position: Sendable, Hashable {
        public let receivedAt: Date
        public let id: String

        public init(receivedAt: Date, id: String) {
            self.receivedAt = receivedAt
            self.id = id
        }
    }

    public var position: Position { Position(receivedAt: receivedAt, id: id) }

    public let id: String
    public let receivedAt: Date
    /// "kannel", "whatsapp", or "cli" for one typed in by an operator.
    public let gateway: String
    /// The gateway's own id for the message, when it gives one: a retried webhook is kept once.
    public let providerID: String?
    public let phone: PhoneNumber
    /// The households with this number; empty for a number not in the roster.
    public let householdIDs: [Household.ID]
    /// The group of the first of them: whose facilitator reads it.
    public let groupID: Group.ID?
    public let text: String
    public let intent: ReplyIntent
    public var response: Response
    /// The kind and outbox key of the answer, when there is one.
    public var responseKind: String?
    public var responseKey: String?
    public var handledBy: String?
    public var handledAt: Date?

    public init(
        id: String, receivedAt: Date, gateway: String, providerID: String?, phone: PhoneNumber, householdIDs: [Household.ID],
        groupID: Group.ID?, text: String, intent: ReplyIntent, response: Response = .silent, responseKind: String? = nil,
        responseKey: String? = nil, handledBy: String? = nil, handledAt: Date? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.gateway = gateway
        self.providerID = providerID
        self.phone = phone
        self.householdIDs = householdIDs
        self.groupID = groupID
        self.text = text
        self.intent = intent
        self.response = response
        self.responseKind = responseKind
        self.responseKey = responseKey
        self.handledBy = handledBy
        self.handledAt = handledAt
    }

    /// `text` on one line, cut to `maxLength` characters with "…": for tables and digests.
    public static func oneLine(_ text: String, maxLength: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count > maxLength ? String(line.prefix(maxLength - 1)) + "…" : line
    }
}
