import PengingatCore

/// Why a reply could not be handled as asked, for the facilitator.
public struct ReplyError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case unknownReply(String)
        case emptyText
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .unknownReply: "BLS01"
        case .emptyText: "BLS02"
        }
    }

    public var explanation: String {
        switch reason {
        case .unknownReply(let id): "Balasan \(id) tidak ditemukan di antara balasan KPM dampingan Anda."
        case .emptyText: "Isi balasan kosong."
        }
    }

    public var remedy: String {
        switch reason {
        case .unknownReply: "Lihat ID balasan dengan: pengingat balasan daftar."
        case .emptyText: "Tulis isi SMS yang diterima dengan --teks \"…\"."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        switch (reader, reason) {
        case (.commandLine, _): remedy
        case (.api, .unknownReply): "Lihat ID balasan dengan GET /api/v1/replies."
        case (.pages, .unknownReply): "Buka halaman Balasan dan pilih dari sana."
        case (_, .emptyText): "Tulis isi SMS yang diterima."
        }
    }
}
