import PengingatCore

/// Why a verification could not be recorded, for the facilitator.
public struct VerificationError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case unknownGroup(String)
        case notAMember(householdID: String, groupID: String)
        case unknownMember(name: String, householdID: String)
        case unknownCommitment(String)
        case unknownStatus(String)
        case futureMonth(String)
        case invalidMonth(String)
        case unknownHousehold(String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .unknownGroup: "VRF01"
        case .notAMember: "VRF02"
        case .unknownMember: "VRF03"
        case .unknownCommitment: "VRF04"
        case .unknownStatus: "VRF05"
        case .futureMonth: "VRF06"
        case .invalidMonth: "VRF07"
        case .unknownHousehold: "VRF08"
        }
    }

    public var explanation: String {
        switch reason {
        case .unknownGroup(let id): "Kelompok \(id) tidak ditemukan."
        case .notAMember(let household, let group): "KPM \(household) bukan anggota aktif kelompok \(group)."
        case .unknownMember(let name, let household): "KPM \(household) tidak punya anggota aktif bernama \"\(name)\"."
        case .unknownCommitment(let text): "Komitmen \"\(text)\" tidak dikenal."
        case .unknownStatus(let text): "Hasil verifikasi \"\(text)\" tidak dikenal."
        case .futureMonth(let month): "Bulan \(month) belum tiba, jadi belum bisa diverifikasi."
        case .invalidMonth(let text): "\"\(text)\" bukan bulan yang dikenal."
        case .unknownHousehold(let id): "KPM \(id) tidak ada di data KPM."
        }
    }

    public var remedy: String {
        switch reason {
        case .unknownGroup: "Lihat ID kelompok dengan: pengingat kelompok daftar."
        case .notAMember: "Periksa ID KPM-nya; lihat anggota dengan: pengingat kpm daftar --kelompok ID."
        case .unknownMember: "Tulis nama anggota seperti di anggota.csv (huruf besar-kecil tidak berpengaruh)."
        case .unknownCommitment: "Tulis sekolah, posyandu, periksa hamil, nifas atau imunisasi."
        case .unknownStatus: "Tulis memenuhi, tidak memenuhi atau izin."
        case .futureMonth: "Catat verifikasi bulan ini atau bulan sebelumnya."
        case .invalidMonth: "Tulis bulan seperti 2027-03, atau sebutkan bulannya dengan --bulan."
        case .unknownHousehold: "Periksa ID KPM-nya; lihat KPM dengan: pengingat kpm daftar."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        switch (reader, reason) {
        case (.pages, .unknownGroup), (.pages, .notAMember), (.pages, .unknownMember):
            "Buka halaman kelompoknya dan pilih Verifikasi komitmen dari sana."
        default: remedy
        }
    }
}
