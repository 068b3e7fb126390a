import PengingatCore

/// One kpm.csv row's own values, read without looking at any other row (see `MemberDraft`).
struct HouseholdDraft: RowDraft {
    var row: RosterRow
    let id: String
    let name: String
    let phone: PhoneNumber?
    let alternatePhone: PhoneNumber?
    let channel: Household.Channel
    let language: Household.Language
    let status: Household.Status
    let groupID: String
    /// As written; an empty RW takes the group's, which only the batch knows.
    let rwText: String
    let rt: String
    let address: String

    /// Reads the values in the order their problems are reported.
    init(_ record: CSVDocument.Record, in file: RosterFile) {
        var row = file.row(record)
        RosterBatch.checkShape(of: record, in: file, row: &row)
        id = row.required("id_kpm")
        name = row.required("nama_pengurus")
        phone = row.parsed("no_hp", PhoneNumber.init(parsing:))
        var alternatePhone = row.parsed("no_hp_lain", PhoneNumber.init(parsing:))
        if let alternate = alternatePhone, alternate == phone {
            row.report("no_hp_lain", ImportProblem(.sameAsMainPhone), severity: .valueIgnored)
            alternatePhone = nil
        }
        self.alternatePhone = alternatePhone
        channel = row.choice("kanal", default: Household.Channel.sms, Self.channelWords)
        language = row.choice("bahasa", default: Household.Language.indonesian, Self.languageWords)
        status = row.choice("status", default: Household.Status.active, Self.statusWords)
        groupID = row.required("id_kelompok")
        rwText = row.text("rw")
        rt = AdministrativeArea.normalizedRT(row.text("rt"))
        address = row.text("alamat")
        self.row = row
    }

    private static let channelWords: [String: Household.Channel] = [
        "sms": .sms, "whatsapp": .whatsapp, "wa": .whatsapp, "whats_app": .whatsapp,
    ]
    private static let languageWords: [String: Household.Language] = [
        "id": .indonesian, "indonesia": .indonesian, "bahasa_indonesia": .indonesian,
        "su": .sundanese, "sunda": .sundanese, "bahasa_sunda": .sundanese,
        "jv": .javanese, "jawa": .javanese, "bahasa_jawa": .javanese,
    ]
    private static let statusWords: [String: Household.Status] = [
        "aktif": .active, "nonaktif": .inactive, "non_aktif": .inactive, "tidak_aktif": .inactive,
    ]
}
