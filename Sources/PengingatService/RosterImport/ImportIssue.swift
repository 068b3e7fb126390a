import PengingatCore

/// One thing an import could not take as written: where it is, what is wrong, what to do.
public struct ImportIssue: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable {
        /// The whole file was skipped (unreadable, required column missing).
        case fileRejected
        /// The row was not stored; the rest of the file was.
        case rowRejected
        /// The row was stored without this one value.
        case valueIgnored
        /// Stored as written; worth a look.
        case warning

        /// True for everything except warnings: the import did not store the file as written.
        public var isProblem: Bool { self != .warning }

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.fileRejected, .rowRejected, .valueIgnored, .warning]
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }

    /// The file as the user named it (a path relative to where they ran the command).
    public var file: String
    /// 1-based physical line in the file; nil for a problem with the whole file.
    public var line: Int?
    /// Column name as in the header, and its 1-based position, when one column is at fault.
    public var column: String?
    public var columnNumber: Int?
    /// The column's letter when the file is a workbook's sheet (`C`): what Excel shows.
    public var columnLetter: String?
    public var value: String?
    public var code: String
    public var explanation: String
    public var remedy: String
    public var severity: Severity

    public init(
        file: String, line: Int?, column: String? = nil, columnNumber: Int? = nil, columnLetter: String? = nil,
        value: String? = nil, severity: Severity, error: any ExplainedError
    ) {
        self.file = file
        self.columnLetter = columnLetter
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.value = value
        self.code = error.code
        self.explanation = error.explanation
        self.remedy = error.remedy
        self.severity = severity
    }
}

extension ImportIssue: CustomStringConvertible {
    /// `kpm.csv baris 7, kolom no_hp (ke-3), isi "0265-331234": [HP04] … Perbaikan: …`, or for a
    /// workbook's sheet `kpm.xlsx › kpm › baris 14, kolom C (no_hp), isi …`.
    public var description: String {
        var location = location
        if let value { location += ", isi \"\(value)\"" }
        return "\(location): [\(code)] \(explanation) Perbaikan: \(remedy)"
    }

    /// Where the issue is, as the facilitator finds it: `kpm.csv baris 7, kolom no_hp (ke-3)`,
    /// or in a workbook `kpm.xlsx › kpm › baris 14, kolom C (no_hp)`.
    public var location: String {
        var location = file
        // A workbook's sheet is named `kpm.xlsx › kpm`; its rows and columns follow in the same way.
        if columnLetter != nil || file.contains(" › ") {
            if let line { location += " › baris \(line)" }
            if let columnLetter {
                location += ", kolom \(columnLetter)"
                if let column, column != columnLetter { location += " (\(column))" }
            } else if let column {
                location += ", kolom \(column)"
            }
        } else {
            if let line { location += " baris \(line)" }
            if let column {
                location += ", kolom \(column)"
                if let columnNumber { location += " (ke-\(columnNumber))" }
            }
        }
        return location
    }
}

/// Problems found by the import itself (the field parsers have their own codes: HP, TGL, JDW, ZW).
public struct ImportProblem: ExplainedError, Equatable {
    public enum Kind: Sendable, Equatable {
        case fileUnreadable(path: String, reason: String)
        case fileEmpty
        case fileNotRecognised(fileName: String)
        case requiredColumnMissing(columns: [String], fileName: String)
        case duplicateColumn(String)
        case extraColumnsIgnored([String])
        case optionalColumnMissing([String])
        case notUTF8(encoding: String)
        case unclosedQuote
        case tooManyFields(expected: Int, found: Int)
        case requiredValueEmpty(column: String)
        case duplicateID(id: String, firstFile: String, firstLine: Int)
        case duplicateMember(name: String, householdID: String, firstFile: String, firstLine: Int)
        case unknownReference(noun: String, id: String, file: String)
        case referenceRejected(noun: String, id: String, file: String, line: Int)
        case unknownValue(column: String, allowed: [String])
        case leaderNotInGroup(householdID: String)
        case dateInFuture(column: String)
        case dateTooOld(column: String)
        case zoneConflict(stated: String, zone: String)
        case noPosyanduForRW(kelurahan: String, rw: String)
        case componentAgeMismatch(component: String, age: Int)
        case missingComponentDate(component: String, column: String)
        case pregnancyPastDueDate
        case invalidEmail
        case sameAsMainPhone
        case noFiles(paths: [String])
        /// A workbook's sheet that is none of the roster's lists (instructions, a summary).
        case sheetSkipped(sheet: String)
        case hiddenSheetSkipped(sheet: String)
        /// `#N/A`, `#REF!`: a formula that failed in Excel; the cell is read as empty.
        case cellError(String)
        /// A phone number Excel stored as a number, so its leading 0 was lost.
        case phoneLostLeadingZero(repaired: String)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var code: String {
        switch kind {
        case .fileUnreadable: "IMP01"
        case .fileEmpty: "IMP02"
        case .fileNotRecognised: "IMP03"
        case .requiredColumnMissing: "IMP04"
        case .duplicateColumn: "IMP05"
        case .extraColumnsIgnored: "IMP06"
        case .optionalColumnMissing: "IMP07"
        case .notUTF8: "IMP08"
        case .unclosedQuote: "IMP09"
        case .tooManyFields: "IMP10"
        case .requiredValueEmpty: "IMP11"
        case .duplicateID, .duplicateMember: "IMP12"
        case .unknownReference: "IMP13"
        case .referenceRejected: "IMP14"
        case .unknownValue: "IMP15"
        case .leaderNotInGroup: "IMP16"
        case .dateInFuture: "IMP17"
        case .dateTooOld: "IMP18"
        case .zoneConflict: "IMP19"
        case .noPosyanduForRW: "IMP20"
        case .componentAgeMismatch: "IMP21"
        case .missingComponentDate: "IMP22"
        case .pregnancyPastDueDate: "IMP23"
        case .invalidEmail: "IMP24"
        case .sameAsMainPhone: "IMP25"
        case .noFiles: "IMP26"
        case .sheetSkipped, .hiddenSheetSkipped: "IMP27"
        case .cellError: "IMP28"
        case .phoneLostLeadingZero: "IMP29"
        }
    }

    public var explanation: String {
        switch kind {
        case .fileUnreadable(let path, let reason): "Berkas \(path) tidak bisa dibaca (\(reason))."
        case .fileEmpty: "Berkas ini kosong, tidak ada baris judul kolom."
        case .fileNotRecognised(let name):
            "Berkas \(name) tidak dikenali: namanya bukan pendamping, kelompok, kpm, anggota atau posyandu, dan judul kolomnya juga tidak cocok."
        case .requiredColumnMissing(let columns, let fileName):
            "Kolom wajib \(columns.joined(separator: ", ")) tidak ada di \(fileName); seluruh berkas dilewati."
        case .duplicateColumn(let name): "Kolom \(name) muncul dua kali di baris judul; seluruh berkas dilewati."
        case .extraColumnsIgnored(let names): "Kolom \(names.joined(separator: ", ")) tidak dipakai dan diabaikan."
        case .optionalColumnMissing(let names):
            "Kolom \(names.joined(separator: ", ")) tidak ada; isinya dianggap kosong untuk semua baris."
        case .notUTF8(let encoding): "Berkas disimpan dengan pengodean \(encoding), bukan UTF-8; huruf khusus mungkin berubah."
        case .unclosedQuote: "Tanda kutip (\") di baris ini tidak ditutup, sehingga sisa berkas terbaca sebagai satu isian."
        case .tooManyFields(let expected, let found):
            "Baris ini punya \(found) kolom, padahal judulnya \(expected) kolom; mungkin ada tanda pemisah di dalam isian."
        case .requiredValueEmpty(let column): "Kolom \(column) wajib diisi, tetapi kosong."
        case .duplicateID(let id, let firstFile, let firstLine):
            "ID \(id) sudah dipakai di \(firstFile) baris \(firstLine); baris ini dilewati."
        case .duplicateMember(let name, let householdID, let firstFile, let firstLine):
            "Anggota bernama \(name) di KPM \(householdID) sudah ada di \(firstFile) baris \(firstLine); baris ini dilewati."
        case .unknownReference(let noun, let id, let file):
            "\(noun.capitalizedFirst) dengan ID \(id) tidak ada di \(file) maupun di data yang sudah tersimpan."
        case .referenceRejected(let noun, let id, let file, let line):
            "\(noun.capitalizedFirst) \(id) tidak tersimpan karena barisnya di \(file) baris \(line) ditolak."
        case .unknownValue(let column, let allowed):
            "Isi kolom \(column) tidak dikenal; yang bisa dipakai: \(allowed.joined(separator: ", "))."
        case .leaderNotInGroup(let id): "Ketua kelompok \(id) bukan KPM di kelompok ini; kelompok disimpan tanpa ketua."
        case .dateInFuture(let column): "Tanggal di kolom \(column) ada di masa depan."
        case .dateTooOld(let column): "Tanggal di kolom \(column) terlalu lama (sebelum tahun 1900)."
        case .zoneConflict(let stated, let zone):
            "Jadwal menyebut \(stated), padahal zona_waktu kelompok ini \(zone)."
        case .noPosyanduForRW(let kelurahan, let rw):
            "Belum ada posyandu untuk RW \(rw) di \(kelurahan), jadi pengingat posyandu belum bisa dikirim ke KPM ini."
        case .componentAgeMismatch(let component, let age): "Komponen \(component) tidak cocok dengan umur \(age) tahun."
        case .missingComponentDate(let component, let column):
            "Anggota dengan komponen \(component) belum punya \(column), jadi jadwal kesehatannya belum bisa dihitung."
        case .pregnancyPastDueDate: "HPHT sudah lebih dari 42 minggu yang lalu; kehamilan ini seharusnya sudah selesai."
        case .invalidEmail: "Alamat e-mail ini tidak sah; pendamping disimpan tanpa e-mail."
        case .sameAsMainPhone: "no_hp_lain sama dengan no_hp."
        case .noFiles(let paths): "Tidak ada berkas CSV atau Excel roster di \(paths.joined(separator: ", "))."
        case .sheetSkipped(let sheet):
            "Lembar \(sheet) bukan daftar pendamping, kelompok, kpm, anggota atau posyandu, jadi dilewati."
        case .hiddenSheetSkipped(let sheet): "Lembar \(sheet) disembunyikan di Excel, jadi dilewati."
        case .cellError(let error): "Sel ini berisi galat rumus Excel \(error); isinya dianggap kosong."
        case .phoneLostLeadingZero(let repaired):
            "Nomor HP tersimpan sebagai angka sehingga angka 0 di depannya hilang; dibaca sebagai \(repaired)."
        }
    }

    public var remedy: String {
        switch kind {
        case .fileUnreadable: "Periksa nama dan izin berkasnya, lalu impor lagi."
        case .fileEmpty: "Isi baris pertama dengan judul kolom, lalu datanya."
        case .fileNotRecognised: "Beri nama berkas kpm.csv, anggota.csv, kelompok.csv, pendamping.csv atau posyandu.csv."
        case .requiredColumnMissing, .duplicateColumn:
            "Perbaiki baris judul sesuai contoh di README (kolom boleh berurutan bebas), lalu impor lagi."
        case .extraColumnsIgnored: "Tidak perlu tindakan; hapus kolomnya bila tidak diperlukan."
        case .optionalColumnMissing: "Tambahkan kolomnya bila datanya ada."
        case .notUTF8: "Di Excel pilih Simpan Sebagai \"CSV UTF-8\", lalu impor lagi."
        case .unclosedQuote: "Tutup tanda kutipnya atau hapus, lalu impor lagi."
        case .tooManyFields: "Beri tanda kutip pada isian yang memuat ; atau , lalu impor lagi."
        case .requiredValueEmpty: "Isi kolom ini, lalu impor lagi."
        case .duplicateID: "Pastikan setiap ID hanya dipakai satu kali."
        case .duplicateMember: "Hapus baris ganda; bila memang dua orang, bedakan namanya."
        case .unknownReference: "Tambahkan datanya ke berkas yang dirujuk, atau perbaiki ID-nya."
        case .referenceRejected: "Perbaiki dulu baris yang dirujuk, lalu impor lagi kedua berkas."
        case .unknownValue: "Pakai salah satu isian yang disebutkan."
        case .leaderNotInGroup: "Isi ketua_id_kpm dengan ID KPM anggota kelompok ini."
        case .dateInFuture, .dateTooOld: "Periksa lagi tanggalnya."
        case .zoneConflict: "Samakan zona di jadwal dengan kolom zona_waktu, atau hapus zona dari jadwal."
        case .noPosyanduForRW: "Tambahkan posyandu RW ini ke posyandu.csv."
        case .componentAgeMismatch: "Periksa tanggal lahir dan komponennya."
        case .missingComponentDate(_, let column): "Isi \(column) bila diketahui."
        case .pregnancyPastDueDate: "Perbarui komponennya (nifas, atau kosongkan) dan isi tanggal_persalinan."
        case .invalidEmail: "Tulis e-mail seperti nama@contoh.id."
        case .sameAsMainPhone: "Kosongkan no_hp_lain bila tidak ada nomor lain."
        case .noFiles: "Sebutkan folder atau berkas .csv atau .xlsx yang benar."
        case .sheetSkipped: "Tidak perlu tindakan; beri nama lembar seperti berkasnya (mis. kpm) bila isinya memang daftar roster."
        case .hiddenSheetSkipped: "Tampilkan lembarnya di Excel (Unhide) bila isinya memang perlu diimpor."
        case .cellError: "Perbaiki rumusnya atau tulis isinya langsung, lalu impor lagi."
        case .phoneLostLeadingZero:
            "Periksa nomornya; agar tidak terulang, ubah format kolom nomor HP di Excel menjadi Teks sebelum mengetik."
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
