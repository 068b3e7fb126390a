import PengingatCore

/// Something a facilitator asked of the web pages or the API that cannot be done, with a stable
/// code (WEB…), what went wrong and what to do, in Bahasa Indonesia.
public struct DeskError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Not there, or not theirs: both look the same so nobody learns of others' households.
        case notFound(String)
        case invalidMeetingID(String)
        case meetingCancelled(String)
        case invalidDateTime(String)
        case nothingToChange
        case invalidForm(String)
        case csrf
        case unknownReply(String)
        case notAllowed
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .notFound: "WEB01"
        case .invalidMeetingID: "WEB02"
        case .meetingCancelled: "WEB03"
        case .invalidDateTime: "WEB04"
        case .nothingToChange: "WEB05"
        case .invalidForm: "WEB06"
        case .csrf: "WEB07"
        case .unknownReply: "WEB08"
        case .notAllowed: "WEB09"
        }
    }

    public var explanation: String {
        switch reason {
        case .notFound(let what): "\(what) tidak ditemukan."
        case .invalidMeetingID(let id): "ID pertemuan \"\(id)\" tidak sah."
        case .meetingCancelled(let id): "Pertemuan \(id) sudah dibatalkan."
        case .invalidDateTime(let text): "Waktu \"\(text)\" tidak bisa dibaca."
        case .nothingToChange: "Tidak ada yang diubah."
        case .invalidForm(let detail): "Isian belum lengkap: \(detail)."
        case .csrf: "Formulir ini sudah kedaluwarsa atau tidak berasal dari halaman Pengingat."
        case .unknownReply(let id): "Balasan \(id) tidak ditemukan."
        case .notAllowed: "Akun ini tidak boleh melakukan itu."
        }
    }

    public var remedy: String {
        switch reason {
        case .notFound: "Periksa ID-nya, atau buka dari daftar kelompok Anda."
        case .invalidMeetingID: "Bentuknya KELOMPOK/TAHUN-BULAN, misalnya KLP-01/2026-12."
        case .meetingCancelled: "Pilih pertemuan lain."
        case .invalidDateTime: "Tulis tanggal dan jam, misalnya 2026-12-10 dan 13:30."
        case .nothingToChange: "Isi waktu baru, tempat baru, atau keduanya."
        case .invalidForm: "Lengkapi isian lalu kirim lagi."
        case .csrf: "Muat ulang halaman, lalu coba lagi."
        case .unknownReply: "Muat ulang daftar balasan."
        case .notAllowed: "Minta koordinator (admin) melakukannya."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        guard reader == .api else { return remedy }
        return switch reason {
        case .notFound: "Periksa ID-nya; yang boleh dilihat token ini ada di GET /api/v1/groups dan GET /api/v1/households."
        case .invalidDateTime: "Tulis waktu setempat seperti 2026-12-10T13:30."
        case .invalidForm: "Lengkapi isi permintaan menurut openapi.yaml, lalu kirim lagi."
        case .unknownReply: "Lihat ID balasan dengan GET /api/v1/replies."
        case .notAllowed: "Pakai token akun koordinator (admin)."
        default: remedy
        }
    }

    public var status: Int {
        switch reason {
        case .notFound, .unknownReply: 404
        case .csrf, .notAllowed: 403
        case .meetingCancelled: 409
        default: 400
        }
    }
}
