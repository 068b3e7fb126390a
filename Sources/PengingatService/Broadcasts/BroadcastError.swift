import PengingatCore

/// Why a broadcast could not be prepared, sent or cancelled, for the facilitator.
public struct BroadcastError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case unknownAudience(String)
        case unknownGroup(String)
        case unknownFacilitator(String)
        case unknownComponent(String)
        case templateNotForBroadcast(String)
        case noContent
        case noRecipients
        case confirmationNeeded(phones: Int, limit: Int)
        case unknownBroadcast(String)
        case alreadyCancelled(String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .unknownAudience: "SRN01"
        case .unknownGroup: "SRN02"
        case .unknownFacilitator: "SRN03"
        case .unknownComponent: "SRN04"
        case .templateNotForBroadcast: "SRN05"
        case .noContent: "SRN06"
        case .noRecipients: "SRN07"
        case .confirmationNeeded: "SRN08"
        case .unknownBroadcast: "SRN09"
        case .alreadyCancelled: "SRN10"
        }
    }

    public var explanation: String {
        switch reason {
        case .unknownAudience(let text): "Penerima \"\(text)\" tidak dikenal."
        case .unknownGroup(let id): "Kelompok \(id) tidak ditemukan."
        case .unknownFacilitator(let id): "Pendamping \(id) tidak ditemukan."
        case .unknownComponent(let text): "Komponen \"\(text)\" tidak dikenal."
        case .templateNotForBroadcast(let kind): "Templat \(kind) tidak bisa dipakai untuk siaran."
        case .noContent: "Isi siaran belum ada."
        case .noRecipients: "Tidak ada KPM yang bisa dikirimi siaran ini."
        case .confirmationNeeded(let phones, let limit):
            "Siaran ini ke \(phones) nomor, lebih dari \(limit): perlu dipastikan dulu."
        case .unknownBroadcast(let id): "Siaran \(id) tidak ada."
        case .alreadyCancelled(let id): "Siaran \(id) sudah dibatalkan."
        }
    }

    public var remedy: String {
        switch reason {
        case .unknownAudience:
            "Tulis --ke kelompok:ID, --ke pendamping:ID, --ke semua, atau --ke komponen:bumil,balita,sekolah,lansia,disabilitas."
        case .unknownGroup: "Lihat ID kelompok dengan: pengingat kelompok daftar."
        case .unknownFacilitator: "Periksa ID pendamping di pendamping.csv."
        case .unknownComponent: "Pilih dari: bumil, nifas, balita, sd, smp, sma, sekolah, lansia, disabilitas."
        case .templateNotForBroadcast:
            "Pakai --template schedule-answer, p2k2-reminder-days-before atau p2k2-reminder-day-before, atau tulis --teks \"…\"."
        case .noContent: "Tulis --teks \"isi pesan\" atau --template JENIS (salah satu saja)."
        case .noRecipients: "Periksa --ke: mungkin semua KPM-nya berhenti berlangganan, nonaktif, atau tidak punya HP."
        case .confirmationNeeded: "Periksa pratinjaunya, lalu jalankan lagi dengan --ya (atau ketik YA bila ditanya)."
        case .unknownBroadcast: "Lihat daftar siaran dengan: pengingat siaran daftar."
        case .alreadyCancelled: "Tidak perlu apa-apa lagi."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        switch (reader, reason) {
        case (.commandLine, _), (_, .unknownFacilitator), (_, .unknownComponent), (_, .alreadyCancelled):
            remedy
        case (.api, .unknownAudience):
            "Isi audience dengan kelompok:ID, pendamping:ID, semua, atau komponen:bumil,balita,sekolah,lansia,disabilitas."
        case (.pages, .unknownAudience): "Pilih penerima dari daftar."
        case (.api, .unknownGroup): "Lihat ID kelompok dengan GET /api/v1/groups."
        case (.pages, .unknownGroup): "Lihat ID kelompok di halaman Kelompok."
        case (.api, .templateNotForBroadcast), (.api, .noContent): "Isi text dengan isi pesannya."
        case (.pages, .templateNotForBroadcast), (.pages, .noContent): "Tulis isi pesannya."
        case (.api, .noRecipients): "Periksa audience: mungkin semua KPM-nya berhenti berlangganan, nonaktif, atau tidak punya HP."
        case (.pages, .noRecipients): "Periksa penerimanya: mungkin semua KPM-nya berhenti berlangganan, nonaktif, atau tidak punya HP."
        case (.api, .confirmationNeeded):
            "Periksa pratinjaunya (POST /api/v1/broadcasts/preview), lalu kirim lagi dengan \"confirm\": true."
        case (.pages, .confirmationNeeded): "Periksa pratinjaunya, lalu tekan Kirim sekali lagi."
        case (.api, .unknownBroadcast): "Periksa ID siarannya."
        case (.pages, .unknownBroadcast): "Periksa ID siarannya di halaman Kirim."
        }
    }
}
