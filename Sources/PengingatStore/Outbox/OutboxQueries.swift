import Foundation
import PengingatCore

/// SQL text both stores run as it is, so a claim reads the same columns in the same order
/// from SQLite and PostgreSQL.
enum OutboxQueries {
    /// A claim candidate from `outbox o`: the message by column, its state and held day, then
    /// how many households its items name are on the roster and how many of those may still be
    /// sent to (consent granted, active). Both stores decode them in this order and build the
    /// candidate with `claimCandidate`.
    static let claimColumns = """
        o.key, o.source, o.phone, o.channel, o.text, o.expires_at, o.attempts, o.whatsapp_template, o.email_address,
        o.email_subject, o.state, o.cap_day,
        (SELECT COUNT(*) FROM outbox_items i JOIN households h ON h.id = i.household_id WHERE i.message_key = o.key),
        (SELECT COUNT(*) FROM outbox_items i JOIN households h ON h.id = i.household_id
         WHERE i.message_key = o.key AND h.consent = '\(Household.Consent.granted.rawValue)'
           AND h.status = '\(Household.Status.active.rawValue)')
        """

    /// A claim candidate from the values of `claimColumns`, in their order; a row whose phone,
    /// channel or state this version cannot read is corrupt.
    static func claimCandidate(
        key: String, source: String, phone: String, channel: String, text: String, expiresAt: Int, attempts: Int,
        whatsAppTemplate: String?, emailAddress: String?, emailSubject: String?, state: String, capDay: Int?,
        householdsOnRoster: Int, householdsReachable: Int
    ) throws -> ClaimCandidate {
        guard let phoneNumber = PhoneNumber(e164: phone), let channelValue = Household.Channel(rawValue: channel),
              let stateValue = OutboxState(rawValue: state)
        else { throw CorruptRowError(table: "outbox", id: key, column: "phone/channel/state") }
        let message = ClaimedMessage(
            key: key, source: source, phone: phoneNumber, channel: channelValue, text: text,
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expiresAt)), attempts: attempts,
            whatsAppTemplates: WhatsAppTemplateCall.decodeList(whatsAppTemplate),
            email: emailAddress.map { EmailEnvelope(address: $0, subject: emailSubject ?? "") })
        return ClaimCandidate(message: message, state: stateValue, heldDay: capDay, householdsOnRoster: householdsOnRoster,
                              householdsReachable: householdsReachable)
    }
}
