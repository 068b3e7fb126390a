import PengingatOutbox
import PostgresNIO

extension PostgresStore {
    public func messageKeySecret() async throws -> MessageKeySecret {
        try await read { connection in try await Self.messageKeySecret(connection, logger: logger) }
    }

    static func messageKeySecret(_ connection: PostgresConnection, logger: Logger) async throws -> MessageKeySecret {
        let hex = try await connection.query(
            "SELECT value FROM store_secrets WHERE name = \(OutboxSchema.messageKeySecretName)", logger: logger
        ).collect().first?.decode(String.self)
        guard let hex, let secret = MessageKeySecret(hex: hex) else { throw MissingMessageKeySecret() }
        return secret
    }

    /// A key given from outside (a report, a command, a link), in the form the outbox holds.
    static func currentKey(_ connection: PostgresConnection, _ key: String, logger: Logger) async throws -> String {
        guard PlanMessageKey.isLegacy(key) else { return key }
        return PlanMessageKey.current(key, secret: try await messageKeySecret(connection, logger: logger))
    }
}
