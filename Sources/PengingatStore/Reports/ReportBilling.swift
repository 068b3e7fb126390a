/// Which messages a provider bills, as SQL both stores share: a gateway took them (accepted,
/// and perhaps reported since), or a report failed or expired one after it was taken (`sent_at`
/// is written only on acceptance). A send refused at the gateway's door costs nothing.
enum ReportBilling {
    static let acceptedCondition = """
        (state IN ('accepted', 'delivered', 'unconfirmed') OR (state IN ('failed', 'expired') AND sent_at IS NOT NULL))
        """
}
