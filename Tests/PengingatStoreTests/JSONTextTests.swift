import Foundation
import PengingatTestSupport
import Testing

@testable import PengingatStore

/// Lists reach SQL as one JSON parameter: what JSONText writes must read back as the same
/// strings in any JSON reader, whatever the ids hold.
@Suite("JSON lists for SQL parameters")
struct JSONTextTests {
    @Test("any strings read back exactly through a JSON parser")
    func roundTrip() throws {
        let pieces = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "👍🏽", "/", "\u{7F}", "\u{2028}", " ", "KPM-01"]
        var random = SplitMix(seed: 16)
        func next(_ bound: Int) -> Int { random.next(bound) }
        for _ in 0..<300 {
            let values = (0..<next(6)).map { _ in (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined() }
            let text = JSONText.array(values)
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [String]
            #expect(parsed == values, "\(text)")
        }
    }
}
