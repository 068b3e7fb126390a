import Foundation
import PengingatCore

extension MemoryStore {
    public func saveAccount(_ account: Account) { accountsByID[account.id] = account }

    public func account(id: Account.ID) -> Account? { accountsByID[id.lowercased()] }

    public func accounts() -> [Account] { accountsByID.values.sorted { $0.id < $1.id } }

    public func saveAPIToken(_ token: APIToken) { tokensByHash[token.tokenHash] = token }

    public func account(forTokenHash hash: String) -> Account? {
        tokensByHash[hash].flatMap { accountsByID[$0.accountID] }.flatMap { $0.active ? $0 : nil }
    }

    public func recordAudit(_ entry: AuditEntry) { auditEntries.append(entry) }

    public func auditLog(limit: Int) -> [AuditEntry] { Array(auditEntries.reversed().prefix(limit)) }

    public func outboxMessages(forHousehold id: Household.ID, in scope: AccessScope, limit: Int) -> [OutboxMessage] {
        guard household(id: id, in: scope) != nil else { return [] }
        return Array(outbox.values.filter { $0.items.contains { $0.householdID == id } }
            .sorted { ($0.dueAt, $0.key) > ($1.dueAt, $1.key) }.prefix(limit))
    }
}
