import PengingatCore

/// SQL text both stores run as it is, so a claim reads the same columns in the same order
/// from SQLite and PostgreSQL.
enum OutboxQueries {
    /// A claim candidate from `outbox o`: the message by column, its state and held day, then
    /// how many households its items name are on the roster and how many of those may still be
    /// sent to (consent granted, active). Decoded in this order by both stores' `claimCandidates`.
    static let claimColumns = """
        o.key, o.source, o.phone, o.channel, o.text, o.expires_at, o.attempts, o.whatsapp_template, o.email_address,
        o.email_subject, o.state, o.cap_day,
        (SELECT COUNT(*) FROM outbox_items i JOIN households h ON h.id = i.household_id WHERE i.message_key = o.key),
        (SELECT COUNT(*) FROM outbox_items i JOIN households h ON h.id = i.household_id
         WHERE i.message_key = o.key AND h.consent = '\(Household.Consent.granted.rawValue)'
           AND h.status = '\(Household.Status.active.rawValue)')
        """
}
