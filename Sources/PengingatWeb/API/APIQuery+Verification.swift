import PengingatAPI
import PengingatCore
import PengingatService

extension APIQuery {
    /// The `{month}` of a verification path, exactly as the spec's pattern has it (`2027-03`,
    /// years from 1000): anything else is VRF07, the page's code for a month it cannot read. The
    /// page also reads `2027-3`; the API is held to its pattern so that no caller learns to rely
    /// on more than the spec promises.
    static func verificationMonth(_ text: String) throws(VerificationError) -> CalendarMonth {
        guard text.count == 7, text.first != "0", let month = CalendarMonth(parsing: text) else {
            throw VerificationError(.invalidMonth(text))
        }
        return month
    }

    /// A verification body's entries, as the service takes them. The generated decoding has
    /// already refused a commitment or status outside the spec's enums; the spec's bounds on the
    /// list's length it does not check.
    static func verificationEntries(_ body: Components.Schemas.VerificationRequest) throws(DeskError) -> [VerificationService.Entry] {
        guard (1...2000).contains(body.entries.count) else {
            throw DeskError(.invalidForm("entries harus berisi 1 sampai 2000 baris, bukan \(body.entries.count)"))
        }
        var entries: [VerificationService.Entry] = []
        for entry in body.entries {
            guard let commitment = Commitment(rawValue: entry.commitment.rawValue),
                  let status = VerificationStatus(rawValue: entry.status.rawValue) else {
                throw DeskError(.invalidForm("commitment atau status tidak dikenal"))
            }
            entries.append(.init(householdID: entry.householdId, memberName: entry.memberName, commitment: commitment,
                                 status: status, note: entry.note))
        }
        return entries
    }
}
