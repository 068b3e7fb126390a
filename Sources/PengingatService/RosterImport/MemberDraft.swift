import PengingatCore

/// One anggota.csv row's own values, read without looking at any other row, so that rows can
/// be read on several cores; `RosterBatch` then checks each against the rows before it.
struct MemberDraft: RowDraft {
    var row: RosterRow
    let householdID: String
    let name: String
    let relation: String
    let sex: Member.Sex?
    let component: Member.Component?
    let birthDate: CalendarDate?
    let lastPeriod: CalendarDate?
    let deliveryDate: CalendarDate?
    let schoolName: String
    /// The name as members are told apart within a household.
    let key: String

    /// Reads the values in the order their problems are reported.
    init(_ record: CSVDocument.Record, in file: RosterFile, today: CalendarDate) {
        var row = file.row(record)
        RosterBatch.checkShape(of: record, in: file, row: &row)
        householdID = row.required("id_kpm")
        name = row.required("nama")
        relation = row.text("hubungan")
        sex = row.text("jenis_kelamin").isEmpty ? nil : row.choice("jenis_kelamin", default: nil, Self.sexWords)
        component = row.choice("komponen", default: nil, Self.componentWords)
        birthDate = row.pastDate("tanggal_lahir", today: today)
        lastPeriod = row.pastDate("hpht", today: today)
        deliveryDate = row.pastDate("tanggal_persalinan", today: today)
        schoolName = row.text("nama_sekolah")
        key = Member.key(forName: name)
        self.row = row
    }

    private static let sexWords: [String: Member.Sex?] = [
        "l": .male, "lk": .male, "laki_laki": .male, "pria": .male,
        "p": .female, "pr": .female, "perempuan": .female, "wanita": .female,
    ]
    private static let componentWords = Dictionary(uniqueKeysWithValues: Member.Component.allCases.map { ($0.rawValue, Optional($0)) })
        .merging(["ibu_hamil": .pregnant, "anak_usia_dini": .earlyChildhood, "aud": .earlyChildhood,
                  "balita": .earlyChildhood, "ibu_nifas": .postpartum, "lanjut_usia": .elderly,
                  "disabilitas": .severeDisability]) { first, _ in first }
}
