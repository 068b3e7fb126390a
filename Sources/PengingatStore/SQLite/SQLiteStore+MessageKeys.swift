import GRDB
import PengingatOutbox

extension SQLiteStore {
    public func messageKeySecret() async throws -> MessageKeySecret {
        try await read { db in try Self.messageKeySecret(db) }
    }

    static func messageKeySecret(_ db: Database) throws -> MessageKeySecret {
        let hex = try String.fetchOne(db, sql: "SELECT value FROM store_secrets WHERE name = ?",
                                      arguments: [OutboxSchema.messageKeySecretName])
        guard let hex, let secret = MessageKeySecret(hex: hex) else { throw MissingMessageKeySecret() }
        return secret
    }

    /// A key given from outside (a report, a command, a link), in the form the outbox holds.
    static func currentKey(_ db: Database, _ key: String) throws -> String {
        guard PlanMessageKey.isLegacy(key) else { return key }
        return PlanMessageKey.current(key, secret: try messageKeySecret(db))
    }
}

/// The database lacks the secret that names planned messages, which migration v12 stores.
struct MissingMessageKeySecret: Error, CustomStringConvertible {
    var description: String { "store_secrets has no usable message_key secret (migration v12 writes it)" }
}
