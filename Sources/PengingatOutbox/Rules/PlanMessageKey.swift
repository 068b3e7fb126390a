import Crypto
import Foundation

/// The store's own secret for naming planned messages. Made once, at random, by the migration
/// that introduced opaque keys, and kept in the database (`store_secrets`), so the same plan
/// names its messages the same way in every process that opens that database.
public struct MessageKeySecret: Sendable, Equatable {
    let key: SymmetricKey
    /// HMAC with the key already absorbed: a plan names tens of thousands of messages, and
    /// setting up the key is most of the cost of one short hash.
    let keyed: HMAC<SHA256>

    /// 64 hexadecimal digits, as stored.
    public init?(hex: String) {
        guard hex.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        key = SymmetricKey(data: bytes)
        keyed = HMAC<SHA256>(key: key)
    }

    /// A new secret, as 64 hexadecimal digits to store.
    public static func randomHex() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }

    public static func == (lhs: MessageKeySecret, rhs: MessageKeySecret) -> Bool { lhs.key == rhs.key }
}

/// The key of a planned message: one message per phone, day and group.
///
/// Keys travel far: into the append-only delivery log, gateways' callback URLs (Kannel's
/// `dlr-url`), idempotency headers and page links. So the phone is not in the key, only a keyed
/// hash of it (with the group and day, so one phone's keys on different days cannot be linked):
/// `plan/<group>/<day>/<16 hex digits>`. The same plan still gets the same keys, which is what
/// the plan commit matches on.
///
/// Keys written before (`plan/<group>/<+62…>/<day>`) are converted by the migration; those
/// still in flight elsewhere (a Kannel report for a message sent before the upgrade, an
/// operator's bookmark) are converted by `current(_:secret:)` where a key enters the store.
public enum PlanMessageKey {
    public static let prefix = "plan/"

    public static func make(group: String, phone e164: String, day: String, secret: MessageKeySecret) -> String {
        // Bytes in, bytes out: a plan names every one of its messages with this.
        var hashed: [UInt8] = []
        hashed.reserveCapacity(group.utf8.count + e164.utf8.count + day.utf8.count + 2)
        hashed += group.utf8
        hashed.append(0x1F)
        hashed += e164.utf8
        hashed.append(0x1F)
        hashed += day.utf8
        var hmac = secret.keyed
        hmac.update(data: hashed)
        let digest = hmac.finalize()
        var key: [UInt8] = []
        key.reserveCapacity(prefix.utf8.count + group.utf8.count + day.utf8.count + 18)
        key += prefix.utf8
        key += group.utf8
        key.append(UInt8(ascii: "/"))
        key += day.utf8
        key.append(UInt8(ascii: "/"))
        for byte in digest.prefix(8) {
            key.append(Self.hexDigits[Int(byte >> 4)])
            key.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The key a message has now, for a key given from outside: a key of the earlier form
    /// (with the phone in it) becomes its opaque form; any other key is returned as it is.
    public static func current(_ key: String, secret: MessageKeySecret) -> String {
        guard let legacy = legacyParts(key) else { return key }
        return make(group: legacy.group, phone: legacy.phone, day: legacy.day, secret: secret)
    }

    /// Whether `key` has the earlier form `plan/<group>/<+62…>/<YYYY-MM-DD>`: cheap enough to
    /// ask before reading the secret.
    public static func isLegacy(_ key: String) -> Bool { legacyParts(key) != nil }

    static func legacyParts(_ key: String) -> (group: String, phone: String, day: String)? {
        guard key.hasPrefix(prefix) else { return nil }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        // plan / group (which may itself hold "/") / phone / day
        guard parts.count >= 4 else { return nil }
        let phone = parts[parts.count - 2], day = parts[parts.count - 1]
        guard phone.first == "+", phone.count >= 8, phone.dropFirst().allSatisfy(\.isASCIIDigit), isDay(day) else { return nil }
        let group = parts[1..<(parts.count - 2)].joined(separator: "/")
        guard !group.isEmpty else { return nil }
        return (group, String(phone), String(day))
    }

    private static func isDay(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 4 || index == 7 || (byte >= 0x30 && byte <= 0x39) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
