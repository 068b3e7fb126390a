import PengingatCore

/// An account could not be made or used (codes AKN…), in Bahasa Indonesia.
public struct AccountError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case invalidLogin(String)
        case weakPassword
        case unknownFacilitator(String)
        case unknownAccount(String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .invalidLogin: "AKN01"
        case .weakPassword: "AKN02"
        case .unknownFacilitator: "AKN03"
        case .unknownAccount: "AKN04"
        }
    }

    public var explanation: String {
        switch reason {
        case .invalidLogin(let login): "Nama akun \"\(login)\" tidak bisa dipakai."
        case .weakPassword: "Kata sandi terlalu pendek."
        case .unknownFacilitator(let id): "Pendamping \(id) tidak ada di data KPM."
        case .unknownAccount(let id): "Akun \(id) tidak ada."
        }
    }

    public var remedy: String {
        switch reason {
        case .invalidLogin: "Pakai 2–40 huruf kecil, angka, titik, garis bawah atau tanda minus."
        case .weakPassword: "Pakai paling sedikit 8 karakter."
        case .unknownFacilitator: "Periksa ID pendamping di pendamping.csv, lalu impor dulu."
        case .unknownAccount: "Lihat daftar akun dengan: pengingat akun daftar"
        }
    }
}
