import Foundation
import Hummingbird
import PengingatCore
import PengingatService
import PengingatStore

/// The facilitators' pages, in Bahasa Indonesia: login, Beranda, Kelompok, KPM, Kirim pesan, Laporan,
/// Log pengiriman, Balasan. Server-rendered, usable without JavaScript; every form carries the
/// session's CSRF token; every read goes through `FacilitatorDesk` with the account's scope.
extension FacilitatorSite {
    typealias PageHandler = @Sendable (Request, WebRequestContext, Account, WebSession) async throws -> Response
    typealias FormHandler = @Sendable (FormData, WebRequestContext, Account, WebSession) async throws -> Response

    func addPageRoutes(to router: Router<WebRequestContext>) {
        addLoginRoutes(to: router)
        addAccountRoutes(to: router)
        router.get("/", use: page { _, context, account, session in
            let dashboard = try await desk.dashboard(for: account)
            return Self.html(pages.render("beranda", title: "Beranda", content: dashboard,
                                          chrome: chrome(account, session, section: "beranda")))
        })
        router.get("kelompok", use: page { _, _, account, session in
            let groups = try await desk.groups(for: account)
            return Self.html(pages.render("kelompok-daftar", title: "Kelompok", content: ["groups": groups],
                                          chrome: chrome(account, session, section: "kelompok")))
        })
        router.get("kelompok/:id", use: page { request, context, account, session in
            let group = try await desk.group(id: try context.parameters.require("id"), for: account)
            var chrome = chrome(account, session, section: "kelompok")
            chrome.notice = Self.notice(request)
            return Self.html(pages.render("kelompok", title: "Kelompok \(group.name)", content: group, chrome: chrome))
        })
        router.post("pertemuan/:group/:month/kehadiran", use: form { form, context, account, _ in
            let meetingID = try Self.meetingID(context)
            var absent = Set<Household.ID>()
            var excused: [Household.ID: String] = [:]
            for (householdID, status) in form.fields(prefixed: "status_") {
                switch status {
                case "tidak_hadir": absent.insert(householdID)
                case "izin": excused[householdID] = form["alasan_" + householdID]?.trimmingWhitespace() ?? ""
                default: break
                }
            }
            let result = try await desk.recordAttendance(meetingID: meetingID, absent: absent, excused: excused, by: account)
            let group = meetingID.split(separator: "/").first.map(String.init) ?? ""
            return Self.redirect("/kelompok/\(Self.pathSafe(group))?ok=kehadiran&hadir=\(result.present)&izin=\(result.excused)"
                + "&absen=\(result.absent)&motivasi=\(result.motivationMessages)")
        })
        router.post("pertemuan/:group/:month/pindah", use: form { form, context, account, _ in
            let meetingID = try Self.meetingID(context)
            var start: LocalDateTime?
            let date = form["tanggal"]?.trimmingWhitespace() ?? ""
            let time = form["jam"]?.trimmingWhitespace() ?? ""
            if !date.isEmpty || !time.isEmpty {
                guard let parsed = Self.localDateTime("\(date) \(time)") else { throw DeskError(.invalidDateTime("\(date) \(time)")) }
                start = parsed
            }
            _ = try await desk.moveMeeting(id: meetingID, to: start, place: form["tempat"], by: account)
            return Self.redirect("/kelompok/\(Self.pathSafe(try context.parameters.require("group")))?ok=pindah")
        })
        router.post("pertemuan/:group/:month/batal", use: form { _, context, account, _ in
            _ = try await desk.cancelMeeting(id: try Self.meetingID(context), by: account)
            return Self.redirect("/kelompok/\(Self.pathSafe(try context.parameters.require("group")))?ok=batal")
        })
        // The printable attendance sheet: a document of its own (no menu), the same the command line writes.
        router.get("pertemuan/:group/:month/daftar-hadir", use: page { _, context, account, _ in
            let sheet = try await desk.attendanceSheet(meetingID: try Self.meetingID(context), for: account)
            return Self.html(pages.attendanceSheet(sheet))
        })
        router.get("kelompok/:id/verifikasi", use: page { request, context, account, session in
            try await verificationPage(request, context, account, session, month: nil)
        })
        router.get("kelompok/:id/verifikasi/:month", use: page { request, context, account, session in
            try await verificationPage(request, context, account, session, month: try Self.month(context))
        })
        router.post("kelompok/:id/verifikasi/:month", use: form { form, context, account, _ in
            let groupID: String = try context.parameters.require("id")
            let month = try Self.month(context)
            var entries: [VerificationService.Entry] = []
            for (index, statusText) in form.fields(prefixed: "status_") {
                guard let status = VerificationStatus(rawValue: statusText) else {
                    throw VerificationError(.unknownStatus(statusText))
                }
                guard let commitment = form["komitmen_" + index].flatMap(Commitment.init(rawValue:)) else {
                    throw VerificationError(.unknownCommitment(form["komitmen_" + index] ?? ""))
                }
                entries.append(VerificationService.Entry(
                    householdID: form["kpm_" + index] ?? "", memberName: form["anggota_" + index] ?? "", commitment: commitment,
                    status: status, note: form["catatan_" + index]))
            }
            let result = try await desk.recordVerification(groupID: groupID, month: month, entries: entries, by: account)
            return Self.redirect("/kelompok/\(Self.pathSafe(groupID))/verifikasi/\(month)?ok=verifikasi&memenuhi=\(result.met)"
                + "&tidak=\(result.notMet)&izin=\(result.excused)&tindak=\(result.followUps)&kunjungan=\(result.homeVisits)"
                + "&ditarik=\(result.remindersWithdrawn)")
        })
        router.get("kpm/:id", use: page { request, context, account, session in
            let household = try await desk.household(id: try context.parameters.require("id"), for: account)
            var chrome = chrome(account, session, section: "kelompok")
            chrome.notice = Self.notice(request)
            return Self.html(pages.render("kpm", title: household.name, content: household, chrome: chrome))
        })
        router.post("kpm/:id/persetujuan", use: form { form, context, account, _ in
            let id = try context.parameters.require("id")
            try await desk.setConsent(householdID: id, optedOut: form["berhenti"] == "1", by: account)
            return Self.redirect("/kpm/\(Self.pathSafe(id))?ok=persetujuan")
        })
        router.get("kirim", use: page { request, _, account, session in
            var chrome = chrome(account, session, section: "kirim")
            chrome.notice = Self.notice(request)
            return Self.html(pages.render("kirim", title: "Kirim pesan", content: try await composeForm(for: account, form: nil, preview: nil, csrf: session.csrfToken),
                                          chrome: chrome))
        })
        router.post("kirim/pratinjau", use: form { form, context, account, session in
            let request = DeskBroadcast(form)
            var chrome = chrome(account, session, section: "kirim")
            do {
                let (_, preview) = try await desk.previewBroadcast(request.form, by: account)
                if form["_sebagian"] == "1" {
                    return Self.html(pages.fragment("pratinjau", content: preview, chrome: chrome))
                }
                return Self.html(pages.render("kirim", title: "Kirim pesan",
                                              content: try await composeForm(for: account, form: request, preview: preview, csrf: session.csrfToken), chrome: chrome))
            } catch let error where Self.explained(error, for: .pages) != nil {
                let explained = Self.explained(error, for: .pages)!
                chrome.error = "[\(explained.code)] \(explained.message) \(explained.remedy)"
                if form["_sebagian"] == "1" {
                    return Self.html(pages.fragment("pratinjau", content: ["error": chrome.error ?? ""], chrome: chrome),
                                     status: explained.status)
                }
                return Self.html(pages.render("kirim", title: "Kirim pesan",
                                              content: try await composeForm(for: account, form: request, preview: nil, csrf: session.csrfToken), chrome: chrome),
                                 status: explained.status)
            }
        })
        router.post("kirim", use: form { form, _, account, _ in
            let request = DeskBroadcast(form)
            let sent = try await desk.sendBroadcast(request.form, confirmed: form["konfirmasi"] == "1", by: account)
            return Self.redirect("/kirim?ok=siaran&jumlah=\(sent.messages)")
        })
        router.get("log", use: page { request, _, account, session in
            let query = request.uri.queryParameters
            let filter = LogFilterForm(query: { query[Substring($0)].map(String.init) })
            // One line more than the page shows, to know whether older ones follow.
            let read = try await desk.log(filter.filter, for: account)
            let lines = Array(read.prefix(LogFilterForm.pageSize))
            let older = read.count > LogFilterForm.pageSize ? lines.last?.line.map { filter.link(before: PageCursor.logLine($0)) } : nil
            let groups = try await desk.groups(for: account).map { group in
                ["id": group.id, "name": group.name, "selected": group.id == filter.group ? "selected" : ""]
            }
            return Self.html(pages.render("log", title: "Log pengiriman", content: LogPage(
                lines: lines, filter: filter, groups: groups, states: OutboxState.allCases.map { state in
                    ["value": state.rawValue, "label": DeskLabels.state(state), "selected": state.rawValue == filter.status ? "selected" : ""]
                }, isEmpty: lines.isEmpty, olderLink: older), chrome: chrome(account, session, section: "log")))
        })
        router.get("balasan", use: page { request, _, account, session in
            let query = request.uri.queryParameters
            let all = query["semua"] == "1"
            let before = query["sebelum"].flatMap { PageCursor.reply(from: String($0)) }
            let read = try await desk.replies(for: account, unhandledOnly: !all, before: before, limit: RepliesPage.pageSize + 1)
            let replies = Array(read.prefix(RepliesPage.pageSize))
            let older = read.count > RepliesPage.pageSize ? replies.last.map {
                "/balasan?\(all ? "semua=1&" : "")sebelum=\(PageCursor.reply(Reply.Position(receivedAt: $0.receivedInstant, id: $0.id)))"
            } : nil
            var chrome = chrome(account, session, section: "balasan")
            chrome.notice = Self.notice(request)
            return Self.html(pages.render("balasan", title: "Balasan", content: RepliesPage(
                replies: replies, showingAll: all, isEmpty: replies.isEmpty, olderLink: older), chrome: chrome))
        })
        router.post("balasan/tandai", use: form { form, _, account, _ in
            try await desk.markReplyHandled(id: form["id"] ?? "", by: account)
            return Self.redirect("/balasan?ok=tandai")
        })
        router.get("laporan", use: page { _, _, account, session in
            try await monthlyReportPage(desk.currentMonth(), account: account, session: session)
        })
        // `/laporan/2027-03`, and its downloads `/laporan/2027-03.csv` and `.xlsx`.
        router.get("laporan/:month", use: page { _, context, account, session in
            let name = try context.parameters.require("month")
            if name.hasSuffix(".csv") {
                let report = try await desk.monthlyReport(month: try FacilitatorDesk.reportMonth(String(name.dropLast(4))), for: account)
                return Self.download(Data(report.table(.summary).csv.utf8), type: "text/csv; charset=utf-8",
                                     file: "laporan-\(report.month).csv")
            }
            if name.hasSuffix(".xlsx") {
                let report = try await desk.monthlyReport(month: try FacilitatorDesk.reportMonth(String(name.dropLast(5))), for: account)
                return Self.download(try MonthlyReportWorkbook.data(report),
                                     type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     file: "laporan-\(report.month).xlsx")
            }
            return try await monthlyReportPage(try FacilitatorDesk.reportMonth(name), account: account, session: session)
        })
        router.get("aset/pengingat.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: .init(string: pages.script)))
        }
    }

    // MARK: - Wrappers

    /// A page for signed-in accounts: the login page otherwise; errors shown in Bahasa Indonesia.
    func page(_ handler: @escaping PageHandler) -> @Sendable (Request, WebRequestContext) async throws -> Response {
        { request, context in
            guard let (account, session) = try await signedIn(request) else { return Self.redirect("/masuk") }
            do {
                return try await handler(request, context, account, session)
            } catch {
                return try errorPage(error, account: account, session: session)
            }
        }
    }

    /// A form post: signed in, and carrying this session's CSRF token.
    func form(_ handler: @escaping FormHandler) -> @Sendable (Request, WebRequestContext) async throws -> Response {
        { request, context in
            guard let (account, session) = try await signedIn(request) else { return Self.redirect("/masuk") }
            do {
                let form = try await FormData.read(request)
                guard let token = form["_csrf"], ConstantTime.equals(token, session.csrfToken) else {
                    throw DeskError(.csrf)
                }
                return try await handler(form, context, account, session)
            } catch {
                return try errorPage(error, account: account, session: session)
            }
        }
    }

    func errorPage(_ error: any Error, account: Account, session: WebSession) throws -> Response {
        guard let explained = Self.explained(error, for: .pages) else {
            logger.error("page failed", metadata: ["error": "\(error)"])
            return Self.html(pages.render("galat", title: "Terjadi kesalahan", content: [
                "code": "WEB99", "message": "Terjadi kesalahan di server.", "remedy": "Coba lagi sebentar lagi; bila berulang, hubungi operator.",
            ], chrome: chrome(account, session)), status: .internalServerError)
        }
        return Self.html(pages.render("galat", title: "Tidak bisa", content: [
            "code": explained.code, "message": explained.message, "remedy": explained.remedy,
        ], chrome: chrome(account, session)), status: explained.status)
    }

    func monthlyReportPage(_ month: CalendarMonth, account: Account, session: WebSession) async throws -> Response {
        let view = MonthlyReportView(try await desk.monthlyReport(month: month, for: account))
        return Self.html(pages.render("laporan", title: view.title, content: view, chrome: chrome(account, session, section: "laporan")))
    }

    // MARK: - Helpers

    static func meetingID(_ context: WebRequestContext) throws -> String {
        "\(try context.parameters.require("group"))/\(try context.parameters.require("month"))"
    }

    /// Ids go back into paths; anything but their usual characters is dropped.
    static func pathSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
            .map(Character.init))
    }

    /// The confirmation after a redirect: fixed texts chosen by code, numbers parsed, nothing echoed.
    func verificationPage(
        _ request: Request, _ context: WebRequestContext, _ account: Account, _ session: WebSession, month: CalendarMonth?
    ) async throws -> Response {
        let view = try await desk.verification(groupID: try context.parameters.require("id"), month: month, for: account)
        var chrome = chrome(account, session, section: "kelompok")
        chrome.notice = Self.notice(request)
        return Self.html(pages.render("verifikasi", title: "Verifikasi \(view.groupName) \(view.monthLabel)", content: view,
                                      chrome: chrome))
    }

    /// The `:month` of a path, `2027-03`.
    static func month(_ context: WebRequestContext) throws -> CalendarMonth {
        let text: String = try context.parameters.require("month")
        guard let month = CalendarMonth(parsing: text) else { throw VerificationError(.invalidMonth(text)) }
        return month
    }

    static func notice(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        let number = { (name: String) in query[Substring(name)].flatMap { Int($0) } ?? 0 }
        switch query["ok"].map(String.init) {
        case "kehadiran":
            return "Kehadiran tersimpan: \(number("hadir")) hadir, \(number("izin")) izin, \(number("absen")) tidak hadir. "
                + "\(number("motivasi")) pesan penyemangat direncanakan."
        case "pindah": return "Pertemuan dipindah. Pengingat lama ditarik; KPM yang sudah diberi tahu akan menerima kabar."
        case "batal": return "Pertemuan dibatalkan. Pengingatnya ditarik; KPM yang sudah diberi tahu akan menerima kabar."
        case "verifikasi":
            return "Verifikasi tersimpan: \(number("memenuhi")) memenuhi, \(number("tidak")) tidak memenuhi, \(number("izin")) izin. "
                + "\(number("tindak")) pesan tindak lanjut direncanakan, \(number("kunjungan")) kunjungan rumah baru, "
                + "\(number("ditarik")) pengingat yang tidak perlu lagi ditarik."
        case "persetujuan": return "Pilihan KPM tersimpan."
        case "siaran": return "Siaran dijadwalkan: \(number("jumlah")) pesan. Lihat statusnya di Log pengiriman."
        case "tandai": return "Balasan ditandai sudah ditangani."
        default: return nil
        }
    }

    func composeForm(for account: Account, form: DeskBroadcast?, preview: BroadcastPreviewView?, csrf: String) async throws -> ComposePage {
        var audiences: [[String: String]] = []
        if account.role == .admin { audiences.append(["value": "semua", "label": "Semua KPM"]) }
        if let facilitatorID = account.facilitatorID {
            audiences.append(["value": "pendamping:\(facilitatorID)", "label": "Semua KPM dampingan saya"])
        }
        for group in try await desk.groups(for: account) {
            audiences.append(["value": "kelompok:\(group.id)", "label": "Kelompok \(group.name) (\(group.id))"])
        }
        for (code, label) in [("bumil", "Ibu hamil"), ("balita", "Ibu dengan balita"), ("sekolah", "Anak sekolah"), ("lansia", "Lansia")] {
            audiences.append(["value": "komponen:\(code)", "label": "Komponen: \(label)"])
        }
        let chosen = form?.form.audience ?? audiences.first?["value"] ?? ""
        return ComposePage(
            audiences: audiences.map { $0.merging(["selected": $0["value"] == chosen ? "selected" : ""]) { first, _ in first } },
            text: form?.form.text ?? "", at: form?.atText ?? "",
            previewHTML: preview.map { pages.fragment("pratinjau", content: $0, chrome: .init(csrf: csrf)) } ?? "")
    }
}

/// The broadcast form's fields.
struct DeskBroadcast: Sendable {
    let form: FacilitatorDesk.BroadcastForm
    let atText: String

    init(_ fields: FormData) {
        atText = fields["pada"]?.trimmingWhitespace() ?? ""
        let at = FacilitatorSite.localDateTime(atText)?.instant(in: .wib)
        form = .init(audience: fields["ke"] ?? "", text: fields["teks"] ?? "", at: at)
    }
}

struct ComposePage {
    let audiences: [[String: String]]
    let text: String
    let at: String
    /// The preview fragment, rendered (and escaped) by its own template.
    let previewHTML: String
}

struct LogFilterForm {
    let status: String
    let group: String
    let gateway: String
    let since: String
    let until: String
    let household: String
    /// Where an earlier page stopped (`PageCursor`); empty for the newest lines.
    let before: String

    static let pageSize = 300

    init(query: (String) -> String?) {
        before = query("sebelum") ?? ""
        status = query("status") ?? ""
        group = query("kelompok") ?? ""
        gateway = query("gateway") ?? ""
        since = query("sejak") ?? ""
        until = query("sampai") ?? ""
        household = query("kpm") ?? ""
    }

    var filter: DeliveryLogFilter {
        let (from, to) = Self.instants(since: CalendarDate(iso: since), until: CalendarDate(iso: until))
        return DeliveryLogFilter(
            householdID: household.isEmpty ? nil : household, groupID: group.isEmpty ? nil : group,
            gateway: gateway.isEmpty ? nil : gateway, state: OutboxState(rawValue: status), since: from, until: to,
            beforeLine: PageCursor.logLine(from: before), limit: Self.pageSize + 1)
    }

    /// This filter's page of lines written before `cursor`.
    func link(before cursor: String) -> String {
        var parts = URLComponents()
        parts.path = "/log"
        parts.queryItems = [("status", status), ("kelompok", group), ("gateway", gateway), ("sejak", since), ("sampai", until),
                            ("kpm", household), ("sebelum", cursor)]
            .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
        return parts.string ?? "/log"
    }

    /// The log's days as instants: from the start of `since` to the end of `until`, in WIB.
    static func instants(since: CalendarDate?, until: CalendarDate?) -> (Date?, Date?) {
        (since.map { LocalDateTime(date: $0, time: .midnight).instant(in: .wib) },
         until.map { LocalDateTime(date: $0.adding(days: 1), time: .midnight).instant(in: .wib) })
    }
}

struct LogPage {
    let lines: [LogLineView]
    let filter: LogFilterForm
    let groups: [[String: String]]
    let states: [[String: String]]
    let isEmpty: Bool
    /// The next page, older lines, under the same filter; nil on the last.
    let olderLink: String?
}

struct RepliesPage {
    let replies: [ReplyView]
    let showingAll: Bool
    let isEmpty: Bool
    /// The next page, older replies; nil on the last.
    let olderLink: String?

    static let pageSize = 50
}
