import PengingatCore

/// The report as tables: `summary` is the CSV file (one row per group, the main figures); all of
/// them are the XLSX workbook's sheets, in order (Ringkasan, Pertemuan, Tidak hadir, Verifikasi,
/// Tidak memenuhi, Pesan).
extension MonthlyReport {
    public enum TableName: String, Sendable, CaseIterable {
        case summary = "ringkasan"
        case meetings = "pertemuan"
        case followUps = "tidak-hadir"
        case verification = "verifikasi"
        case notMet = "tidak-memenuhi"
        case messages = "pesan"
    }

    public var tables: [ReportTable] { TableName.allCases.map(table) }

    public func table(_ name: TableName) -> ReportTable {
        switch name {
        case .summary: summaryTable
        case .meetings: meetingTable
        case .followUps: followUpTable
        case .verification: verificationTable
        case .notMet: notMetTable
        case .messages: messageTable
        }
    }

    typealias Cell = ReportTable.Cell

    /// A group's place in every table: who looks after it, which it is.
    private func rows(_ make: (FacilitatorSection, GroupSection) -> [[Cell]]) -> [[Cell]] {
        facilitators.flatMap { facilitator in facilitator.groups.flatMap { make(facilitator, $0) } }
    }

    private static func group(_ group: GroupSection) -> [Cell] { [.text(group.id), .text(group.name)] }

    private static func count(_ value: Int?) -> Cell { value.map(Cell.integer) ?? .empty }

    private static func share(_ group: GroupSection) -> Cell { group.attendance?.rate.map(Cell.percent) ?? .empty }

    var summaryTable: ReportTable {
        ReportTable(
            name: "Ringkasan",
            header: ["Bulan", "ID pendamping", "Pendamping", "ID kelompok", "Kelompok", "Kelurahan", "KPM aktif", "Pertemuan",
                     "Tanggal", "Hadir", "Izin", "Tidak hadir", "Kehadiran (%)", "Pesan penyemangat", "Kunjungan rumah",
                     "Komitmen memenuhi", "Komitmen tidak memenuhi", "Komitmen izin", "Komitmen belum dicatat",
                     "Pesan terkirim", "Pesan sampai", "Pesan gagal", "Pesan dijadwalkan", "Pesan kedaluwarsa", "Segmen SMS",
                     "Pesan WhatsApp", "Perkiraan biaya (Rp)"],
            rows: rows { facilitator, group in
                let verification = group.verification.total
                let who: [Cell] = [.text(month.description), .text(facilitator.id), .text(facilitator.name)]
                let figures: [Cell] = [
                    .text(group.kelurahan), .integer(group.activeHouseholds),
                    .text(group.meeting.map { Self.label($0.status) } ?? "Tidak ada jadwal"),
                    group.meeting.map { Cell.date($0.start.date) } ?? .empty,
                    Self.count(group.attendance?.present), Self.count(group.attendance?.excused), Self.count(group.attendance?.absent),
                    Self.share(group),
                    .integer(group.followUps.filter { $0.motivation != nil }.count),
                    .integer(group.followUps.filter { $0.homeVisitDue != nil }.count),
                    .integer(verification.met), .integer(verification.notMet), .integer(verification.excused),
                    .integer(verification.notRecorded),
                    .integer(group.messages.sent), .integer(group.messages.delivered), .integer(group.messages.failed),
                    .integer(group.messages.planned), .integer(group.messages.expired), .integer(group.smsSegments),
                    .integer(group.whatsAppMessages), .integer(group.cost),
                ]
                return [who + Self.group(group) + figures]
            },
            columnWidths: [9, 13, 20, 12, 20, 16] + Array(repeating: 12, count: 21))
    }

    var meetingTable: ReportTable {
        ReportTable(
            name: "Pertemuan",
            header: ["ID kelompok", "Kelompok", "ID pertemuan", "Keadaan", "Tanggal", "Jam", "Tempat", "Dipindah", "Modul",
                     "Sesi", "Judul sesi", "KPM dicatat", "Hadir", "Izin", "Tidak hadir", "Kehadiran (%)"],
            rows: rows { _, group in
                guard let meeting = group.meeting else {
                    let none: [Cell] = [.empty, .text("Tidak ada jadwal")] + Array(repeating: Cell.empty, count: 12)
                    return [Self.group(group) + none]
                }
                return [Self.group(group) + [
                    .text(meeting.id), .text(Self.label(meeting.status)), .date(meeting.start.date),
                    .text("\(meeting.start.time) \(group.zone.abbreviation.rawValue)"), .text(meeting.place),
                    .text(meeting.moved ? "ya" : "tidak"), meeting.module.map(Cell.text) ?? .empty,
                    Self.count(meeting.sessionNumber), meeting.sessionTitle.map(Cell.text) ?? .empty,
                    Self.count(group.attendance?.recorded), Self.count(group.attendance?.present),
                    Self.count(group.attendance?.excused), Self.count(group.attendance?.absent), Self.share(group),
                ]]
            },
            columnWidths: [12, 20, 16, 16, 11, 10, 24, 9, 28, 6, 36, 11, 8, 8, 11, 13])
    }

    var followUpTable: ReportTable {
        ReportTable(
            name: "Tidak hadir",
            header: ["ID kelompok", "Kelompok", "ID pertemuan", "ID KPM", "Nama pengurus", "Kehadiran", "Alasan",
                     "Pesan penyemangat", "Kunjungan rumah (tenggat)"],
            rows: rows { _, group in
                group.followUps.map { followUp in
                    Self.group(group) + [
                        .text(group.meeting?.id ?? ""), .text(followUp.householdID), .text(followUp.name),
                        .text(Self.label(followUp.status)), followUp.reason.map(Cell.text) ?? .empty,
                        .text(Self.label(followUp.motivation)), followUp.homeVisitDue.map(Cell.date) ?? .empty,
                    ]
                }
            },
            columnWidths: [12, 20, 16, 12, 24, 12, 24, 18, 14])
    }

    var verificationTable: ReportTable {
        ReportTable(
            name: "Verifikasi",
            header: ["ID kelompok", "Kelompok", "Komitmen", "Memenuhi", "Tidak memenuhi", "Izin", "Belum dicatat"],
            rows: rows { _, group in
                group.verification.counts.keys.sorted().map { commitment in
                    let counts = group.verification.counts[commitment] ?? .init()
                    return Self.group(group) + [
                        .text(Self.label(commitment)), .integer(counts.met), .integer(counts.notMet), .integer(counts.excused),
                        .integer(counts.notRecorded),
                    ]
                }
            },
            columnWidths: [12, 20, 24, 10, 14, 8, 13])
    }

    var notMetTable: ReportTable {
        ReportTable(
            name: "Tidak memenuhi",
            header: ["ID kelompok", "Kelompok", "ID KPM", "Anggota", "Komitmen", "Catatan"],
            rows: rows { _, group in
                group.verification.notMet.map { shortfall in
                    Self.group(group) + [
                        .text(shortfall.householdID), .text(shortfall.memberName), .text(Self.label(shortfall.commitment)),
                        shortfall.note.map(Cell.text) ?? .empty,
                    ]
                }
            },
            columnWidths: [12, 20, 12, 22, 24, 30])
    }

    var messageTable: ReportTable {
        ReportTable(
            name: "Pesan",
            header: ["ID kelompok", "Kelompok", "Semua pesan", "Dijadwalkan", "Terkirim", "Sampai", "Gagal", "Kedaluwarsa",
                     "Ditarik", "Segmen SMS", "Pesan WhatsApp", "Perkiraan biaya (Rp)"],
            rows: rows { _, group in
                let messages = group.messages
                return [Self.group(group) + [
                    .integer(messages.total), .integer(messages.planned), .integer(messages.sent), .integer(messages.delivered),
                    .integer(messages.failed), .integer(messages.expired), .integer(messages.withdrawn),
                    .integer(group.smsSegments), .integer(group.whatsAppMessages), .integer(group.cost),
                ]]
            },
            columnWidths: [12, 20, 12, 12, 10, 10, 8, 12, 8, 11, 15, 20])
    }
}
