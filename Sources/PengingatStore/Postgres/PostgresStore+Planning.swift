/// The planner's read of a group from the separate reads (the protocol's default): each is one
/// statement on a pooled connection, with no queue to hop to.
extension PostgresStore: PlanningReadStore {}
