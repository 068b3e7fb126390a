import Foundation
import Hummingbird
import HummingbirdTesting
import PengingatAPI
import PengingatCore
import PengingatStore
import PengingatWeb
import Testing

/// The API answers in its own models, generated from openapi.yaml: codes, instants and dates,
/// never the pages' Indonesian labels, so rewording a page cannot break a program.
@Suite("The API's own models")
struct APIModelTests {
    static func decode<Value: Decodable>(_ type: Value.Type, _ response: TestResponse) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(buffer: response.body))
    }

    /// Every key of a JSON document, at any depth.
    static func keys(_ response: TestResponse) throws -> Set<String> {
        func walk(_ value: Any) -> [String] {
            switch value {
            case let object as [String: Any]: object.keys + object.values.flatMap(walk)
            case let array as [Any]: array.flatMap(walk)
            default: []
            }
        }
        return Set(walk(try JSONSerialization.jsonObject(with: Data(buffer: response.body))))
    }

    /// What only a page needs: display text and the switches its template reads.
    static let pageOnlyKeys: Set<String> = [
        "label", "statusLabel", "stateLabel", "dueLabel", "intentLabel", "consentLabel", "reachabilityNote", "when", "isToday",
        "isQuiet", "hasFailures", "hasObligations", "hasUnreachable", "hasHomeVisits", "isCancelled", "isProblem", "path", "viewer",
        "atInput", "attendanceStatus", "present", "excused", "isActive",
    ]

    @Test("dashboard, groups, a group, a household, the log and a broadcast preview read back as the spec's types, with no page label")
    func ownModels() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            let dashboardResponse = try await client.json("/api/v1/dashboard", token: token)
            #expect(dashboardResponse.status == .ok)
            let dashboard = try Self.decode(Components.Schemas.Dashboard.self, dashboardResponse)
            #expect(dashboard.today == "2026-12-08")
            #expect(dashboard.days.map(\.date).first == "2026-12-08" && dashboard.days.count == 8)
            #expect(dashboard.days.flatMap(\.obligations).allSatisfy { $0.at > WebFixture.now.addingTimeInterval(-86_400) })

            let groupsResponse = try await client.json("/api/v1/groups", token: token)
            let groups = try Self.decode([Components.Schemas.GroupSummary].self, groupsResponse)
            let first = try #require(groups.first)
            let next = try #require(first.nextMeeting)
            // An instant, not a wall time: it is after the fixture's now, whatever the zone.
            #expect(next.start > WebFixture.now && next.status == .scheduled && next.groupID == first.id)

            let groupResponse = try await client.json("/api/v1/groups/\(first.id)", token: token)
            let group = try Self.decode(Components.Schemas.Group.self, groupResponse)
            #expect(group.households.count == first.households)
            // Components as codes; the leader marked once.
            #expect(group.households.contains { !$0.components.isEmpty })
            #expect(group.households.filter(\.isLeader).count <= 1)
            #expect(group.households.allSatisfy { $0.phone?.contains("*") ?? true })

            let householdID = try #require(group.households.first?.id)
            let householdResponse = try await client.json("/api/v1/households/\(householdID)", token: token)
            let household = try Self.decode(Components.Schemas.HouseholdDetail.self, householdResponse)
            #expect(household.household.id == householdID && household.household.status == .active)
            #expect(household.household.consent == .granted && household.unreachableReason == nil)
            #expect(household.members.contains { $0.birthDate.flatMap(CalendarDate.init(iso:)) != nil })
            #expect(household.messages.allSatisfy { !$0.kinds.isEmpty && $0.phone?.contains("*") ?? true })

            let logResponse = try await client.json("/api/v1/log?limit=5", token: token)
            _ = try Self.decode(Components.Schemas.LogPage.self, logResponse)

            let previewResponse = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                                        body: #"{"audience": "kelompok:\#(first.id)", "text": "Halo {{sapaan}}"}"#)
            let preview = try Self.decode(Components.Schemas.BroadcastPreview.self, previewResponse)
            #expect(preview.phones == preview.sms + preview.whatsApp && preview.phones > 0)
            #expect(preview.encodings.additionalProperties.values.reduce(0, +) == preview.sms)
            // Rupiah as a number, not "Rp 1.234".
            #expect(preview.estimatedCost >= preview.smsSegments)

            for response in [dashboardResponse, groupsResponse, groupResponse, householdResponse, logResponse, previewResponse] {
                let leaked = try Self.keys(response).intersection(Self.pageOnlyKeys)
                #expect(leaked.isEmpty, "page-only fields in the API: \(leaked.sorted())")
            }
        }
    }

    @Test("the log and the replies read page by page from each page's cursor: every line once, newest first, within the token's scope")
    func pages() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        // Log lines: claiming writes one per message. Replies: siti's groups' and another's.
        // (Each day's claims are held to the per-phone daily cap, so claim day by day.)
        var claimed = 0
        for day in 0..<30 {
            let at = WebFixture.now.addingTimeInterval(Double(day) * 86_400)
            claimed += try await fixture.store.claim(now: at, limit: 100, owner: "test", leaseUntil: at.addingTimeInterval(86_400)).count
        }
        #expect(claimed > 30)
        let phone = try PhoneNumber(parsing: "081234567890")
        let otherGroup = try #require(try await fixture.store.groups(in: .facilitator("PDP-02")).first?.id)
        for index in 0..<9 {
            _ = try await fixture.store.recordReply(Reply(
                id: "r\(index)", receivedAt: WebFixture.now.addingTimeInterval(Double(index / 2) * 60), gateway: "kannel",
                providerID: nil, phone: phone, householdIDs: ["KPM-0001"], groupID: index == 4 ? otherGroup : "KLP-01", text: "halo",
                intent: .other))
        }
        try await fixture.test { client in
            func walk<Page: Decodable>(_ path: String, _ type: Page.Type, _ read: (Page) -> ([String], String?)) async throws -> [String] {
                var seen: [String] = []
                var cursor: String?
                repeat {
                    let response = try await client.json(path + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                    #expect(response.status == .ok)
                    let (items, next) = read(try Self.decode(type, response))
                    seen += items
                    cursor = next
                } while cursor != nil && seen.count < 1000
                return seen
            }
            let whole = try Self.decode(Components.Schemas.LogPage.self, try await client.json("/api/v1/log?limit=5000", token: token))
            #expect(whole.nextCursor == nil)
            let paged = try await walk("/api/v1/log?limit=7", Components.Schemas.LogPage.self) {
                ($0.lines.map { "\($0.message) \($0.at)" }, $0.nextCursor)
            }
            #expect(paged == whole.lines.map { "\($0.message) \($0.at)" } && paged.count > 7)
            let replies = try await walk("/api/v1/replies?unhandled=false&limit=3", Components.Schemas.ReplyPage.self) {
                ($0.replies.map(\.id), $0.nextCursor)
            }
            // Newest first, ties in time by id; r4 is another facilitator's group's.
            #expect(replies == ["r8", "r7", "r6", "r5", "r3", "r2", "r1", "r0"])
            let bad = try await client.json("/api/v1/replies?cursor=F078", token: token)
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("cursor"))
        }
    }

    @Test("a null for a declared field is refused, naming it; an undeclared field may be anything")
    func nulls() async throws {
        let fixture = try await WebFixture.make()
        let token = try await fixture.accounts.issueToken(for: "siti", label: "test", now: WebFixture.now)
        try await fixture.test { client in
            let refused = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                                body: #"{"audience": "kelompok:KLP-01", "text": "Halo", "at": null}"#)
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("at bernilai null"))
            let allowed = try await client.json("/api/v1/broadcasts/preview", method: .post, token: token,
                                                body: #"{"audience": "kelompok:KLP-01", "text": "Halo", "catatan": null}"#)
            #expect(allowed.status == .ok)
        }
    }
}

@Suite("Pages of the log and the replies")
struct PagedListPageTests {
    @Test("the replies page shows 50 at a time, newest first, with a link to the older ones until there are none")
    func repliesPages() async throws {
        let fixture = try await WebFixture.make()
        let phone = try PhoneNumber(parsing: "081234567890")
        for index in 0..<60 {
            _ = try await fixture.store.recordReply(Reply(
                id: String(format: "r%02d", index), receivedAt: WebFixture.now.addingTimeInterval(Double(index) * 60), gateway: "kannel",
                providerID: nil, phone: phone, householdIDs: ["KPM-0001"], groupID: "KLP-01", text: "balasan nomor \(index)",
                intent: .other))
        }
        try await fixture.test { client in
            let jar = try await client.signIn("siti")
            let first = String(buffer: try await client.get("/balasan?semua=1", jar: jar).body)
            #expect(first.contains("balasan nomor 59") && first.contains("balasan nomor 10") && !first.contains("balasan nomor 9<"))
            let link = try #require(first.range(of: #"href="(/balasan\?semua=1&amp;sebelum=[A-Za-z0-9_-]+)""#, options: .regularExpression)
                .map { String(first[$0]).dropFirst(6).dropLast().replacingOccurrences(of: "&amp;", with: "&") })
            let second = String(buffer: try await client.get(link, jar: jar).body)
            #expect(second.contains("balasan nomor 9<") && second.contains("balasan nomor 0<") && !second.contains("balasan nomor 10<"))
            #expect(!second.contains("lebih lama"))
        }
    }
}
