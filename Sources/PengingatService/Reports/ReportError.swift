import PengingatCore

/// Why a monthly report could not be made or written, for whoever asked for it (LAP…).
public struct ReportError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case invalidMonth(String)
        case unknownGroup(String)
        case unknownFacilitator(String)
        case outputNeeded(format: String)
        case unwritable(path: String, detail: String)
        case unknownPart(String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .invalidMonth: "LAP01"
        case .unknownGroup: "LAP02"
        case .unknownFacilitator: "LAP03"
        case .outputNeeded: "LAP04"
        case .unwritable: "LAP05"
        case .unknownPart: "LAP06"
        }
    }

    public var explanation: String {
        switch reason {
        case .invalidMonth(let text): "Bulan \"\(text)\" tidak bisa dibaca."
        case .unknownGroup(let id): "Kelompok \(id) tidak ditemukan."
        case .unknownFacilitator(let id): "Pendamping \(id) tidak ditemukan."
        case .outputNeeded(let format): "Laporan \(format) perlu berkas tujuan."
        case .unwritable(let path, let detail): "Berkas \(path) tidak bisa ditulis: \(detail)."
        case .unknownPart(let text): "Bagian \"\(text)\" tidak dikenal."
        }
    }

    public var remedy: String {
        switch reason {
        case .invalidMonth: "Tulis tahun dan bulan, misalnya --bulan 2027-03."
        case .unknownGroup: "Lihat ID kelompok dengan: pengingat kelompok daftar."
        case .unknownFacilitator: "Periksa ID pendamping di pendamping.csv."
        case .outputNeeded: "Sebutkan berkasnya, misalnya --keluaran laporan-2027-03.xlsx."
        case .unwritable: "Periksa foldernya ada dan boleh ditulis, atau pilih jalur lain dengan --keluaran."
        case .unknownPart: "Pilih dari: \(MonthlyReport.TableName.allCases.map(\.rawValue).joined(separator: ", "))."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        guard reader != .commandLine else { return remedy }
        return switch reason {
        case .invalidMonth: "Tulis tahun dan bulan, misalnya 2027-03."
        case .unknownGroup: reader == .api ? "Lihat ID kelompok dengan GET /api/v1/groups." : "Pilih kelompok dari daftar kelompok Anda."
        case .unknownFacilitator: "Periksa ID pendamping."
        default: remedy
        }
    }
}
