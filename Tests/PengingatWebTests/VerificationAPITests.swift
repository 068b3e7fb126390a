import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatAPI
import PengingatCore
import PengingatStore
import PengingatWeb
import Testing

/// The verification API of a group's month, on the sample roster (today 8 December 2026): the
/// same lines and recording as the page, through the same desk and scope.
@Suite("Verifikasi komitmen API")
struct VerificationAPITests {
    static let december = CalendarMonth(year: 2026, month: 12)!

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func sheet(_ response: TestResponse) throws -> Components.Schemas.VerificationSheet {
        try decoder().decode(Components.Schemas.VerificationSheet.self, from: Data(buffer: response.body))
    }

    /// A body of one entry per line given, each with `status`.
    static func body(_ lines: [Components.Schemas.VerificationLine], status: String, note: String? = nil) throws -> String {
        let status = try #require(Components.Schemas.VerificationStatus(rawValue: status))
        let request = Components.Schemas.VerificationRequest(entries: lines.map {
            .init(householdId: $0.householdId, memberName: $0.memberName, commitment: $0.commitment, status: status, note: note)
        })
        return String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
    }

    static func tokens(_ fixture: WebFixture) async throws -> (siti: String, budi: String) {
        (try await fixture.accounts.issueToken(for: "siti", label: "uji", now: WebFixture.now),
         try await fixture.accounts.issueToken(for: "budi", label: "uji", now: WebFixture.now))
    }

    @Test("the spec's commitment and status codes are the core's, so no line or entry is lost between them")
    func codes() {
        #expect(Set(Commitment.allCases.map(\.rawValue)) == Set(Components.Schemas.Commitment.allCases.map(\.rawValue)))
        #expect(Set(VerificationStatus.allCases.map(\.rawValue))
                == Set(Components.Schemas.VerificationStatus.allCases.map(\.rawValue)))
    }

    @Test("GET lists the month's members of the group's households, nothing recorded yet, codes only")
    func listDecember() async throws {
        let fixture = try await WebFixture.make()
        let (siti, _) = try await Self.tokens(fixture)
        let households = Set(try await fixture.store.households(in: .facilitator("PDP-01"), groupID: "KLP-01")
            .filter { $0.status == .active }.map(\.id))
        try await fixture.test { client in
            let response = try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", token: siti)
            #expect(response.status == .ok)
            let sheet = try Self.sheet(response)
            #expect(sheet.groupId == "KLP-01" && sheet.month == "2026-12")
            #expect(!sheet.lines.isEmpty)
            #expect(sheet.total == sheet.lines.count && sheet.recorded == 0 && sheet.met == 0 && sheet.notMet == 0)
            #expect(Set(sheet.lines.map(\.householdId)).isSubset(of: households))
            #expect(sheet.lines.allSatisfy { $0.status == nil && $0.recordedBy == nil && $0.recordedAt == nil && !$0.unexpected })
            // Not recorded is left out, never null; and no label of the page crosses.
            let text = String(buffer: response.body)
            #expect(!text.contains("null") && !text.contains("\"status\""))
            #expect(!text.contains("Desember") && !text.contains("Sekolah") && !text.contains("Periksa hamil"))
        }
    }

    @Test("PUT records one not met: the GET after shows it with who and when, a follow-up is counted; unnamed rows stay")
    func recordNotMet() async throws {
        let fixture = try await WebFixture.make()
        let (siti, _) = try await Self.tokens(fixture)
        try await fixture.test { client in
            let path = "/api/v1/groups/KLP-01/verifications/2026-12"
            let before = try Self.sheet(try await client.json(path, token: siti))
            let first = try #require(before.lines.first)
            let other = try #require(before.lines.first { $0.householdId != first.householdId })

            let response = try await client.json(path, method: .put, token: siti,
                                                 body: try Self.body([first], status: "tidak_memenuhi", note: "sering sakit"))
            #expect(response.status == .ok)
            let result = try Self.decoder().decode(Components.Schemas.VerificationResult.self, from: Data(buffer: response.body))
            #expect(result.notMet == 1 && result.met == 0 && result.excused == 0)
            #expect(result.followUps == 1)

            let after = try Self.sheet(try await client.json(path, token: siti))
            #expect(after.recorded == 1 && after.notMet == 1 && after.total == before.total)
            let line = try #require(after.lines.first {
                $0.householdId == first.householdId && $0.memberName == first.memberName && $0.commitment == first.commitment
            })
            #expect(line.status?.rawValue == "tidak_memenuhi" && line.note == "sering sakit")
            #expect(line.recordedBy == "siti" && line.recordedAt == WebFixture.now && !line.unexpected)
            let audit = try await fixture.store.auditLog(limit: 5)
            #expect(audit.contains { $0.action == "verification.record" && $0.subject == "KLP-01/2026-12" && $0.actor == "siti" })

            // Another household's line recorded alone: the first keeps its row.
            let second = try await client.json(path, method: .put, token: siti, body: try Self.body([other], status: "memenuhi"))
            let counts = try Self.decoder().decode(Components.Schemas.VerificationResult.self, from: Data(buffer: second.body))
            #expect(counts.met == 1 && counts.notMet == 1)
            let stored = try await fixture.store.verifications(groupID: "KLP-01", month: Self.december)
            #expect(Set(stored.map(\.householdID)) == [first.householdId, other.householdId])
        }
    }

    @Test("another facilitator's group is 404 for GET and PUT, and nothing is recorded")
    func otherFacilitator() async throws {
        let fixture = try await WebFixture.make()
        let (siti, budi) = try await Self.tokens(fixture)
        try await fixture.test { client in
            let path = "/api/v1/groups/KLP-01/verifications/2026-12"
            let line = try #require(try Self.sheet(try await client.json(path, token: siti)).lines.first)
            #expect(try await client.json(path, token: budi).status == .notFound)
            let put = try await client.json(path, method: .put, token: budi, body: try Self.body([line], status: "memenuhi"))
            #expect(put.status == .notFound)
            #expect(!String(buffer: put.body).contains(line.memberName))
        }
        #expect(try await fixture.store.verifications(groupID: "KLP-01", month: Self.december).isEmpty)
        #expect(!(try await fixture.store.auditLog(limit: 20)).contains { $0.action == "verification.record" })
    }

    @Test("a month not yet come is 409 VRF06; a month that is none is 400 VRF07; a wrong code, a null, no entry are 400")
    func refusedMonthsAndCodes() async throws {
        let fixture = try await WebFixture.make()
        let (siti, _) = try await Self.tokens(fixture)
        try await fixture.test { client in
            let line = try #require(try Self.sheet(try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", token: siti))
                .lines.first)
            let body = try Self.body([line], status: "memenuhi")
            for method in [HTTPRequest.Method.get, .put] {
                let future = try await client.json("/api/v1/groups/KLP-01/verifications/2027-01", method: method, token: siti,
                                                   body: method == .put ? body : nil)
                #expect(future.status == .conflict && String(buffer: future.body).contains("VRF06"), "\(method)")
                for month in ["2026-13", "2026-1", "0000-01"] {
                    let bad = try await client.json("/api/v1/groups/KLP-01/verifications/\(month)", method: method, token: siti,
                                                    body: method == .put ? body : nil)
                    #expect(bad.status == .badRequest && String(buffer: bad.body).contains("VRF07"), "\(method) \(month)")
                }
            }
            let wrongStatus = body.replacingOccurrences(of: "\"memenuhi\"", with: "\"lulus\"")
            #expect(wrongStatus != body)
            let refused = try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", method: .put, token: siti,
                                                body: wrongStatus)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("API02"))
            // null is not absent inside an entry either.
            let nullNote = body.replacingOccurrences(of: #""status":"memenuhi""#, with: #""status":"memenuhi","note":null"#)
            #expect(nullNote != body)
            let nulled = try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", method: .put, token: siti,
                                               body: nullNote)
            #expect(nulled.status == .badRequest && String(buffer: nulled.body).contains("note"))
            let empty = try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", method: .put, token: siti,
                                              body: #"{"entries":[]}"#)
            #expect(empty.status == .badRequest)
            let tooMany = try await client.json("/api/v1/groups/KLP-01/verifications/2026-12", method: .put, token: siti,
                                                body: try Self.body(Array(repeating: line, count: 2001), status: "memenuhi"))
            #expect(tooMany.status == .badRequest && String(buffer: tooMany.body).contains("2000"))
        }
        #expect(try await fixture.store.verifications(groupID: "KLP-01", month: Self.december).isEmpty)
    }

    @Test("an unknown member is 404 VRF03 and nothing of the body is written, not even its good entries")
    func unknownMember() async throws {
        let fixture = try await WebFixture.make()
        let (siti, _) = try await Self.tokens(fixture)
        try await fixture.test { client in
            let path = "/api/v1/groups/KLP-01/verifications/2026-12"
            let line = try #require(try Self.sheet(try await client.json(path, token: siti)).lines.first)
            let stranger = Components.Schemas.VerificationLine(householdId: line.householdId, memberName: "Bukan Anggota Siapa Pun",
                                                               commitment: line.commitment, unexpected: false)
            let response = try await client.json(path, method: .put, token: siti, body: try Self.body([line, stranger], status: "memenuhi"))
            #expect(response.status == .notFound && String(buffer: response.body).contains("VRF03"))
        }
        #expect(try await fixture.store.verifications(groupID: "KLP-01", month: Self.december).isEmpty)
    }
}
