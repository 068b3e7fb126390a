import Foundation
import Testing

@testable import PengingatStore

/// Lists reach SQL as one JSON parameter: what JSONText writes must read back as the same
/// strings in any JSON reader, whatever the ids hold.
@Suite("JSON lists for SQL parameters")
struct JSONTextTests {
    @Test("any strings read back exactly through a JSON parser")
    func roundTrip() throws {
        let pieces = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "👍🏽", "/", "\u{7F}", "\u{2028}", " ", "KPM-01"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let values = (0..<next(6)).map { _ in (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined() }
            let text = JSONText.array(values)
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [String]
            #expect(parsed == values, "\(text)")
        }
    }
}
