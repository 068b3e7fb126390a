import Foundation
import Logging
import PengingatStore
import PostgresNIO

/// The PostgreSQL cluster `scripts/run-tests.sh` started (`PENGINGAT_TEST_POSTGRES_URL`); each
/// store a test makes gets a database of its own. Without the variable, PostgreSQL tests are skipped.
public enum PostgresTestServer {
    public static let url = ProcessInfo.processInfo.environment["PENGINGAT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public static func freshStore() async throws -> PostgresStore {
        try await PostgresStore.open(url: try await freshDatabaseURL(), logger: Logger(label: "test"))
    }

    /// A new, empty database in the test cluster.
    public static func freshDatabaseURL() async throws -> String {
        guard let base = url, var components = URLComponents(string: base) else {
            throw Unavailable(description: "PENGINGAT_TEST_POSTGRES_URL is not set: make test starts a cluster")
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        components.path = "/postgres"
        let admin = try await connect(to: components.string ?? base)
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Logger(label: "test"))
        try await admin.close()
        components.path = "/" + name
        return components.string ?? base
    }

    /// A plain connection to the database at `url`, for what a test does beside the store.
    public static func connect(to url: String) async throws -> PostgresConnection {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw Unavailable(description: "not a PostgreSQL URL: \(url)")
        }
        return try await PostgresConnection.connect(
            configuration: .init(host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                                 password: components.password, database: String(components.path.dropFirst()), tls: .disable),
            id: 1, logger: Logger(label: "test"))
    }
}
