import PengingatCore

/// A workbook that cannot be read at all, or cannot be written: named, with what to do, in Bahasa Indonesia.
public struct SpreadsheetError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Not a zip archive: not an .xlsx (an old .xls, a CSV renamed, a damaged download).
        case notAWorkbook
        /// A part every workbook has is missing or is not XML.
        case partUnreadable(String)
        /// Protected with a password: the contents are encrypted.
        case encrypted
        /// Writing failed: the folder, the disk, or contents beyond what a workbook holds; the reason says which.
        case cannotWrite(String)
    }

    public let workbook: String
    public let reason: Reason

    public init(workbook: String, _ reason: Reason) {
        self.workbook = workbook
        self.reason = reason
    }

    public var code: String {
        switch reason {
        case .notAWorkbook: "XL01"
        case .partUnreadable: "XL02"
        case .encrypted: "XL03"
        case .cannotWrite: "XL04"
        }
    }

    public var explanation: String {
        switch reason {
        case .notAWorkbook: "\(workbook) bukan buku kerja Excel .xlsx yang bisa dibuka."
        case .partUnreadable(let part): "\(workbook) rusak: bagian \(part) tidak terbaca."
        case .encrypted: "\(workbook) dikunci dengan kata sandi."
        case .cannotWrite(let reason): "\(workbook) tidak bisa ditulis: \(reason)."
        }
    }

    public var remedy: String {
        switch reason {
        case .notAWorkbook: "Buka berkasnya di Excel atau LibreOffice, lalu simpan sebagai \"Excel Workbook (.xlsx)\" dan impor lagi."
        case .partUnreadable: "Buka berkasnya di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu impor lagi."
        case .encrypted: "Buka berkasnya, hapus kata sandinya (Simpan Sebagai tanpa sandi), lalu impor lagi."
        case .cannotWrite: "Pastikan folder tujuan ada, boleh ditulis dan disknya masih lega (atau perkecil isinya bila melampaui batas Excel), lalu ekspor lagi."
        }
    }
}
