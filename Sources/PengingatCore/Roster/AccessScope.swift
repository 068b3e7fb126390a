/// Whose data a query may see. A facilitator sees only the households of their own groups;
/// the store applies the scope inside its queries, so no caller can forget it.
public enum AccessScope: Hashable, Sendable {
    /// The coordinator (admin) and the command line on the operator's own machine.
    case everything
    case facilitator(Facilitator.ID)
}
