import PengingatService
import Synchronization

/// A one-line progress bar on standard error, redrawn only when its text changes.
final class ProgressBar: Sendable {
    private let lastLine = Mutex("")

    func show(_ progress: ImportProgress) {
        let label: String
        switch progress.phase {
        case .reading(let file): label = "Membaca \(file)"
        case .checking(let kind): label = "Memeriksa \(kind.fileName)"
        case .storing: label = "Menyimpan"
        }
        let fraction = progress.total > 0 ? Double(progress.completed) / Double(progress.total) : 0
        let width = 24
        let filled = min(width, Int(fraction * Double(width)))
        let line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            + "] \(Int(fraction * 100))% \(label)"
        let changed = lastLine.withLock { last in
            defer { last = line }
            return last != line
        }
        if changed { StandardError.write("\r\u{1B}[K" + line) }
    }

    func finish() {
        StandardError.write("\r\u{1B}[K")
    }
}
