import PengingatOutbox

/// Kannel's delivery-report vocabulary in our one status model.
public enum KannelReportStatus {
    /// Kannel's DLR type is a bit mask (reference/kannel.md): 1 delivered, 2 not delivered,
    /// 4 buffered, 8 accepted by the SMS centre, 16 rejected; an expired message comes as
    /// 34 (32 + 2). Test bits, not equality.
    public static func state(type: Int) -> OutboxState? {
        if type & 1 != 0 { return .delivered }
        if type & 2 != 0 { return type & 32 != 0 ? .expired : .failed }
        if type & 16 != 0 { return .failed }
        if type & (8 | 4) != 0 { return .accepted }
        return nil
    }
}
