import Foundation

/// A gateway's time ends up as whole seconds in the stores and whole milliseconds in a reply's id
/// (ReplyService.replyID): a time that cannot be, crashes the process serving the webhook.
public func checkTime(_ date: Date?, _ context: @autoclosure () -> String) {
    guard let seconds = date?.timeIntervalSince1970 else { return }
    guard seconds.isFinite, abs(seconds * 1000) < 9.0e18 else {
        fatalError("unusable time \(seconds) from \(context())")
    }
}
