import Foundation
import PengingatCore

/// Someone who logs in to `pengingat serve`: the coordinator (admin), who sees every group, or
/// a facilitator (pendamping), who sees and messages only the households of their own groups.
public struct Account: Sendable, Equatable, Identifiable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case admin
        case facilitator = "pendamping"
    }

    /// The login name, lower case.
    public let id: String
    public var displayName: String
    public var role: Role
    /// The facilitator whose groups a `pendamping` account sees; nil for an admin.
    public var facilitatorID: Facilitator.ID?
    /// A bcrypt hash; never the password itself.
    public var passwordHash: String
    public var active: Bool
    public let createdAt: Date

    public init(id: String, displayName: String, role: Role, facilitatorID: Facilitator.ID?, passwordHash: String,
                active: Bool = true, createdAt: Date) {
        self.id = id.lowercased()
        self.displayName = displayName
        self.role = role
        self.facilitatorID = facilitatorID
        self.passwordHash = passwordHash
        self.active = active
        self.createdAt = createdAt
    }

    /// What the account may read and message: the scope every store query is given.
    public var scope: AccessScope {
        switch role {
        case .admin: .everything
        case .facilitator: .facilitator(facilitatorID ?? "")
        }
    }
}

/// A token a script presents as `Authorization: Bearer …`; only its SHA-256 is kept.
public struct APIToken: Sendable, Equatable {
    public let tokenHash: String
    public let accountID: Account.ID
    public let label: String
    public let createdAt: Date

    public init(tokenHash: String, accountID: Account.ID, label: String, createdAt: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.label = label
        self.createdAt = createdAt
    }
}

/// One line of the audit trail: who changed what, and when. Kept for broadcasts, meeting moves
/// and cancellations, attendance, opt-out changes and accounts.
public struct AuditEntry: Sendable, Equatable {
    public let at: Date
    /// The account (or `cli:<login>` for the command line).
    public let actor: String
    /// A stable name: `broadcast.send`, `meeting.move`, `consent.change`, …
    public let action: String
    /// What it was done to: a meeting id, a household id, a broadcast id.
    public let subject: String
    /// A short description, never a phone number or a message body.
    public let detail: String

    public init(at: Date, actor: String, action: String, subject: String, detail: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}
