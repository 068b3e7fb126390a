import PengingatCore

/// An account could not be made or used (codes AKN…), in Bahasa Indonesia.
public struct AccountError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case invalidLogin(String)
        case weakPassword
        case unknownFacilitator(String)
        case unknownAccount(String)
        case exists(String)
        case wrongPassword
        case passwordsDiffer
        case cannotDisableSelf
        case unknownToken
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .invalidLogin: "AKN01"
        case .weakPassword: "AKN02"
        case .unknownFacilitator: "AKN03"
        case .unknownAccount: "AKN04"
        case .exists: "AKN05"
        case .wrongPassword: "AKN06"
        case .passwordsDiffer: "AKN07"
        case .cannotDisableSelf: "AKN08"
        case .unknownToken: "AKN09"
        }
    }

    public var explanation: String {
        switch reason {
        case .invalidLogin(let login): "Nama akun \"\(login)\" tidak bisa dipakai."
        case .weakPassword: "Kata sandi terlalu pendek."
        case .unknownFacilitator(let id): "Pendamping \(id) tidak ada di data KPM."
        case .unknownAccount(let id): "Akun \(id) tidak ada."
        case .exists(let id): "Akun \(id) sudah ada."
        case .wrongPassword: "Kata sandi sekarang tidak cocok."
        case .passwordsDiffer: "Kata sandi baru dan ulangannya tidak sama."
        case .cannotDisableSelf: "Akun yang sedang dipakai tidak bisa dinonaktifkan."
        case .unknownToken: "Token itu tidak ada atau sudah dicabut."
        }
    }

    public var remedy: String {
        switch reason {
        case .invalidLogin: "Pakai 2–40 huruf kecil, angka, titik, garis bawah atau tanda minus."
        case .weakPassword: "Pakai paling sedikit 8 karakter."
        case .unknownFacilitator: "Periksa ID pendamping di pendamping.csv, lalu impor dulu."
        case .unknownAccount: "Lihat akun yang ada dengan: pengingat akun daftar."
        case .exists: "Pilih nama akun lain, atau atur ulang kata sandi akun itu dari daftar akun."
        case .wrongPassword: "Ketik kata sandi yang Anda pakai untuk masuk. Lupa? Minta koordinator mengatur ulang."
        case .passwordsDiffer: "Ketik kata sandi baru yang sama di kedua kotak."
        case .cannotDisableSelf: "Minta admin lain melakukannya bila memang perlu."
        case .unknownToken: "Muat ulang halaman Akun."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        guard reader != .commandLine, case .unknownAccount = reason else { return remedy }
        return "Pilih akun dari daftar di halaman Akun."
    }
}
