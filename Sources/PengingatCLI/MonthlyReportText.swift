import Foundation
import PengingatCore
import PengingatService

/// `laporan bulanan` for the terminal: per facilitator a table of groups, then who was absent
/// and what followed, and the commitments not met; totals at the end.
struct MonthlyReportText {
    let report: MonthlyReport

    init(_ report: MonthlyReport) { self.report = report }

    func render() -> String {
        var lines = ["Laporan bulanan P2K2 dan pesan: \(MonthlyReport.monthName(report.month))", ""]
        if report.facilitators.isEmpty { lines.append("Tidak ada kelompok untuk laporan ini.") }
        for facilitator in report.facilitators {
            lines.append("Pendamping \(facilitator.name) (\(facilitator.id))")
            var table = TextTable(header: ["Kelompok", "Pertemuan", "Tanggal", "Topik", "Hadir", "Izin", "Tidak hadir", "Kehadiran",
                                           "Terkirim", "Sampai", "Gagal", "Biaya"])
            for group in facilitator.groups {
                let meeting = group.meeting
                table.rows.append([
                    group.id, meeting.map { MonthlyReport.label($0.status) } ?? "Tidak ada jadwal",
                    meeting.map { $0.start.date.slashed } ?? "-",
                    meeting?.sessionNumber.map { "Sesi \($0): \(meeting?.sessionTitle ?? "")" } ?? "-",
                    group.attendance.map { "\($0.present)" } ?? "-", group.attendance.map { "\($0.excused)" } ?? "-",
                    group.attendance.map { "\($0.absent)" } ?? "-", MonthlyReport.attendanceLabel(group),
                    "\(group.messages.sent)", "\(group.messages.delivered)", "\(group.messages.failed)", MonthlyReport.rupiah(group.cost),
                ])
            }
            lines.append(table.render())
            let followUps = facilitator.groups.flatMap { group in group.followUps.map { (group, $0) } }
            if !followUps.isEmpty {
                lines.append("")
                lines.append("  Tidak hadir dan izin, dengan tindak lanjutnya:")
                for (group, followUp) in followUps {
                    var line = "  \(group.id)  \(followUp.householdID) \(followUp.name): \(MonthlyReport.label(followUp.status).lowercased())"
                    if let reason = followUp.reason { line += " (\(reason))" }
                    line += "; pesan penyemangat: \(MonthlyReport.label(followUp.motivation).lowercased())"
                    if let due = followUp.homeVisitDue { line += "; kunjungan rumah paling lambat \(due.indonesianText)" }
                    lines.append(line)
                }
            }
            let notMet = facilitator.groups.flatMap { group in group.verification.notMet.map { (group, $0) } }
            if !notMet.isEmpty {
                lines.append("")
                lines.append("  Komitmen tidak memenuhi:")
                for (group, shortfall) in notMet {
                    lines.append("  \(group.id)  \(shortfall.householdID) \(shortfall.memberName): \(MonthlyReport.label(shortfall.commitment))"
                        + (shortfall.note.map { " (\($0))" } ?? ""))
                }
            }
            lines.append("")
        }
        let totals = report.totals
        let verification = totals.verification
        lines.append("Jumlah: \(totals.groups) kelompok, \(totals.meetings[.held] ?? 0) pertemuan terlaksana, "
            + "\(totals.meetings[.cancelled] ?? 0) dibatalkan, \(totals.notRecorded) belum dicatat kehadirannya.")
        lines.append("Kehadiran: \(totals.attendance.present) hadir, \(totals.attendance.excused) izin, \(totals.attendance.absent) tidak hadir"
            + (totals.attendance.rate.map { " (\(MonthlyReport.percentText($0)))" } ?? "") + "; "
            + "\(totals.motivationMessages) pesan penyemangat, \(totals.homeVisits) kunjungan rumah.")
        lines.append("Verifikasi komitmen: \(verification.met) memenuhi, \(verification.notMet) tidak memenuhi, "
            + "\(verification.excused) izin, \(verification.notRecorded) belum dicatat.")
        lines.append("Pesan: \(totals.messages.sent) terkirim, \(totals.messages.delivered) sampai, \(totals.messages.failed) gagal, "
            + "\(totals.messages.planned) dijadwalkan; perkiraan biaya \(MonthlyReport.rupiah(totals.cost)) "
            + "(SMS \(MonthlyReport.rupiah(report.prices.smsSegment))/segmen, WhatsApp \(MonthlyReport.rupiah(report.prices.whatsAppMessage))/pesan).")
        return lines.joined(separator: "\n") + "\n"
    }
}
