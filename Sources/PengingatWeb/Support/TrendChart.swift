/// A month-by-month bar chart as SVG, drawn on the server: it needs no JavaScript, scales to the
/// width of a 360 px phone (a `viewBox`, no fixed size), and says what it shows in words too
/// (`<title>`, `<desc>` and a label on every bar) for screen readers and for people who read
/// numbers rather than heights.
struct TrendChart {
    struct Bar: Equatable {
        /// The month, `Jul`.
        let label: String
        /// 0…1; nil when there is nothing to count that month.
        let share: Double?
        /// Under the bar's value: how many it is out of (`18/22`).
        let detail: String
    }

    let title: String
    let bars: [Bar]
    /// The bars' colour: green for attendance, blue for delivery.
    let colour: String

    static let width = 320.0
    static let height = 170.0
    static let top = 24.0
    static let plotHeight = 96.0

    var svg: String {
        let slot = Self.width / Double(max(bars.count, 1))
        let barWidth = min(slot * 0.6, 34)
        let baseline = Self.top + Self.plotHeight
        var parts: [String] = []
        let description = bars.map { "\($0.label): \(Self.percent($0.share))\($0.share == nil ? "" : " (\($0.detail))")" }
            .joined(separator: "; ")
        parts.append(##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(Int(Self.width)) \##(Int(Self.height))" "##
            + ##"role="img" aria-label="\##(Self.escape(title))" class="grafik" preserveAspectRatio="xMidYMid meet">"##)
        parts.append("<title>\(Self.escape(title))</title><desc>\(Self.escape(description))</desc>")
        // Guides at 50% and 100%, so a height reads as a share without counting.
        for share in [0.5, 1.0] {
            let y = baseline - share * Self.plotHeight
            parts.append(##"<line x1="0" x2="\##(Int(Self.width))" y1="\##(Self.number(y))" y2="\##(Self.number(y))" stroke="#d0d7de" stroke-dasharray="3 3"/>"##)
        }
        parts.append(##"<line x1="0" x2="\##(Int(Self.width))" y1="\##(Self.number(baseline))" y2="\##(Self.number(baseline))" stroke="#57606a"/>"##)
        for (index, bar) in bars.enumerated() {
            let centre = slot * (Double(index) + 0.5)
            if let share = bar.share {
                let height = max(share, 0) * Self.plotHeight
                parts.append(##"<rect x="\##(Self.number(centre - barWidth / 2))" y="\##(Self.number(baseline - height))" "##
                    + ##"width="\##(Self.number(barWidth))" height="\##(Self.number(height))" fill="\##(colour)" rx="2"/>"##)
                parts.append(Self.text(Self.percent(share), x: centre, y: baseline - height - 5, size: 12, weight: "600"))
                parts.append(Self.text(bar.detail, x: centre, y: baseline + 30, size: 10, colour: "#57606a"))
            } else {
                parts.append(Self.text("–", x: centre, y: baseline - 5, size: 12, colour: "#57606a"))
            }
            parts.append(Self.text(bar.label, x: centre, y: baseline + 16, size: 12))
        }
        parts.append("</svg>")
        return parts.joined()
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "belum ada" }
        return "\(Int((share * 100).rounded()))%"
    }

    static func text(_ text: String, x: Double, y: Double, size: Int, weight: String = "400", colour: String = "#1f2328") -> String {
        ##"<text x="\##(number(x))" y="\##(number(y))" font-size="\##(size)" font-weight="\##(weight)" fill="\##(colour)" "##
            + ##"text-anchor="middle" font-family="system-ui, sans-serif">\##(escape(text))</text>"##
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
