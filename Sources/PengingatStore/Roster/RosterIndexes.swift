import PengingatCore

/// v14: every plan asks which phones more than one active household lists (`sharedPhones`: a
/// shared phone gets discreet health wording). Through the phone index alone the answer looked
/// up every household's row for its status: a million lookups, seconds before the first group
/// could be planned. An index of the active households' phones answers it from the index alone.
/// Its condition names the status as text, and the query repeats it as text (not as a bound
/// parameter): a store uses a partial index only for a query whose condition implies the index's.
enum RosterIndexes {
    static let activeStatus = Household.Status.active.rawValue

    static let statements = [
        "CREATE INDEX households_active_by_phone ON households (phone) WHERE status = '\(activeStatus)'",
    ]

    /// Phones listed by more than one active household; both stores run it.
    static let sharedPhonesSQL = """
        SELECT phone FROM households WHERE phone IS NOT NULL AND status = '\(activeStatus)'
        GROUP BY phone HAVING COUNT(*) > 1
        """
}
