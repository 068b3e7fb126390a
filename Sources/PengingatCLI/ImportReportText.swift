import PengingatService
import PengingatStore

/// The import report as the facilitator reads it, in Bahasa Indonesia.
struct ImportReportText {
    let report: ImportReport
    let strict: Bool

    func render() -> String {
        var lines: [String] = []
        if !report.files.isEmpty {
            lines.append("Berkas yang dibaca:")
            for file in report.files {
                lines.append("  \(file.path): \(file.rowsRead) baris, \(file.rowsAccepted) diterima")
            }
        }
        let problems = report.problems
        if !problems.isEmpty {
            lines.append("")
            lines.append("Perlu diperbaiki (\(problems.count)):")
            lines += problems.flatMap(Self.describe)
        }
        let warnings = report.warnings
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Perlu dilihat (\(warnings.count)):")
            lines += Self.describeGrouped(warnings)
        }
        lines.append("")
        if let changes = report.changes {
            lines.append("Tersimpan:")
            lines.append(Self.counts("pendamping", changes.facilitators))
            lines.append(Self.counts("posyandu", changes.posyandus))
            lines.append(Self.counts("kelompok", changes.groups))
            lines.append(Self.counts("KPM", changes.households, retired: "dinonaktifkan"))
            lines.append(Self.counts("anggota", changes.members, retired: "tidak terdaftar lagi"))
        }
        switch report.outcome {
        case .clean:
            lines.append("Selesai: semua data tersimpan.")
        case .storedWithRejections:
            lines.append(
                "Selesai sebagian: data yang benar sudah tersimpan; \(report.rejectedRowCount) baris ditolak. "
                    + "Perbaiki yang disebut di atas, lalu impor lagi (data yang sama tidak akan dobel).")
        case .nothingStored:
            lines.append(
                strict && !problems.isEmpty
                    ? "Tidak ada yang disimpan karena --strict dan ada \(problems.count) masalah. Perbaiki, lalu impor lagi."
                    : "Tidak ada yang disimpan. Perbaiki yang disebut di atas, lalu impor lagi.")
        }
        return lines.joined(separator: "\n")
    }

    /// Warnings of one kind in one column (a whole column of phone numbers Excel stored as
    /// numbers) are shown three times, then counted.
    static let warningsShownPerColumn = 3

    private static func describeGrouped(_ warnings: [ImportIssue]) -> [String] {
        var shown: [String: Int] = [:]
        var hidden: [(key: String, example: ImportIssue)] = []
        var lines: [String] = []
        for issue in warnings {
            let key = "\(issue.file)|\(issue.code)|\(issue.column ?? "")"
            shown[key, default: 0] += 1
            if shown[key]! <= warningsShownPerColumn {
                lines += describe(issue)
            } else if shown[key]! == warningsShownPerColumn + 1 {
                hidden.append((key, issue))
            }
        }
        for (key, example) in hidden {
            let more = shown[key]! - warningsShownPerColumn
            lines.append("  ! \(example.file)\(example.column.map { ", kolom \($0)" } ?? ""): \(more) lagi seperti ini [\(example.code)]")
        }
        return lines
    }

    private static func describe(_ issue: ImportIssue) -> [String] {
        var location = issue.location
        if let value = issue.value { location += ": \"\(value)\"" }
        let mark = issue.severity == .warning ? "!" : "✗"
        return [
            "  \(mark) \(location)",
            "    [\(issue.code)] \(issue.explanation)",
            "    Perbaikan: \(issue.remedy)",
        ]
    }

    private static func counts(_ noun: String, _ counts: RosterChangeSummary.Counts, retired: String? = nil) -> String {
        var parts = ["\(counts.inserted) baru", "\(counts.updated) berubah", "\(counts.unchanged) sama"]
        if let retired { parts.append("\(counts.retired) \(retired)") }
        return "  \(noun): " + parts.joined(separator: ", ")
    }
}
