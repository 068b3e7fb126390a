import PengingatOutbox
import Testing

@Suite("Planned message keys")
struct PlanMessageKeyTests {
    static let secret = MessageKeySecret(hex: String(repeating: "ab", count: 32))!
    static let otherSecret = MessageKeySecret(hex: String(repeating: "cd", count: 32))!

    @Test("a key names group and day and hides the phone; the same inputs give the same key")
    func opaque() {
        let key = PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret)
        #expect(key.hasPrefix("plan/KLP-01/2027-03-04/"))
        let hash = key.split(separator: "/").last!
        #expect(hash.count == 16 && hash.allSatisfy(\.isHexDigit))
        // Keys outlive releases (the commit matches stored keys): HMAC-SHA256 of group, phone
        // and day joined by U+001F, its first 8 bytes, as computed by Python's hmac module.
        #expect(hash == "a3798612a72de3c9")
        #expect(!key.contains("81234567890") && !key.contains("+62"))
        #expect(key == PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret))
        // Another phone, day, group or database: another key (one phone's keys cannot be linked).
        let others = [
            PlanMessageKey.make(group: "KLP-01", phone: "+6281234567891", day: "2027-03-04", secret: Self.secret),
            PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-05", secret: Self.secret),
            PlanMessageKey.make(group: "KLP-02", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret),
            PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-04", secret: Self.otherSecret),
        ]
        #expect(Set(others.map { $0.split(separator: "/").last! }).count == 4)
        #expect(!others.map { $0.split(separator: "/").last! }.contains(hash))
    }

    @Test("a key of the earlier form becomes the key the planner now makes; other keys stay as they are")
    func upgrade() {
        let legacy = "plan/KLP-01/+6281234567890/2027-03-04"
        #expect(PlanMessageKey.isLegacy(legacy))
        #expect(PlanMessageKey.current(legacy, secret: Self.secret)
                == PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret))
        // A group id may hold a slash.
        #expect(PlanMessageKey.current("plan/A/B/+6281234567890/2027-03-04", secret: Self.secret)
                == PlanMessageKey.make(group: "A/B", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret))
        let current = PlanMessageKey.make(group: "KLP-01", phone: "+6281234567890", day: "2027-03-04", secret: Self.secret)
        for key in [current, "siaran/B1/H-001", "balasan/R1", "plan/KLP-01/2027-03-04", "plan//+6281234567890/2027-03-04",
                    "plan/KLP-01/+62812x4567890/2027-03-04", "plan/KLP-01/+6281234567890/2027-3-4", "digest/F1/2027-03-04"] {
            #expect(!PlanMessageKey.isLegacy(key), "\(key)")
            #expect(PlanMessageKey.current(key, secret: Self.secret) == key)
        }
    }

    @Test("a stored secret reads back; anything but 64 hexadecimal digits is refused")
    func secretText() {
        let hex = MessageKeySecret.randomHex()
        #expect(hex.count == 64 && hex.allSatisfy(\.isHexDigit))
        #expect(MessageKeySecret(hex: hex) != nil)
        #expect(MessageKeySecret.randomHex() != hex)
        #expect(MessageKeySecret(hex: String(hex.dropLast())) == nil)
        #expect(MessageKeySecret(hex: String(hex.dropLast()) + "g") == nil)
    }
}
