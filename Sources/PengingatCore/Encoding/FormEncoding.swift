import Foundation

/// `application/x-www-form-urlencoded` text (a form body or a query string), read once for the
/// web pages' forms, the webhooks' queries and Twilio's signed bodies.
public enum FormEncoding {
    /// Name–value pairs in order, repeated names kept; a name without `=` has an empty value.
    public static func pairs(_ text: some StringProtocol) -> [(String, String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return parts.count == 2 ? (parts[0], parts[1]) : (parts.count == 1 ? (parts[0], "") : nil)
        }
    }
}
