import Foundation
import PengingatCore

/// The embedded default: appends each message as one JSON line to a file, so everything runs
/// with no gateway at all. The file is the "phone": it holds numbers and texts on purpose,
/// like an SMS centre would; keep it where the roster is kept.
public actor FileGateway: Gateway {
    public nonisolated let name: String
    let path: String
    private var handle: FileHandle?
    private var counter = 0

    public init(name: String = "file", path: String) {
        self.name = name
        self.path = path
    }

    struct Line: Encodable {
        let id: String
        let to: String
        let text: String
        let at: String
        let whatsapp_template: String?
        let email: String?
        let subject: String?
    }

    public func send(_ message: GatewayMessage) async -> GatewayResult {
        let started = Date()
        do {
            let handle = try openHandle()
            let line = Line(
                id: message.id, to: message.phone.e164, text: message.text,
                at: ISO8601DateFormatter().string(from: started), whatsapp_template: message.whatsAppTemplates.isEmpty ? nil : message.whatsAppTemplates.map(\.name).joined(separator: ","),
                email: message.email?.address, subject: message.email?.subject)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(line)
            data.append(0x0A)
            try handle.write(contentsOf: data)
            counter += 1
            return GatewayResult(outcome: .accepted(providerID: "\(name)-\(counter)"), latency: Date().timeIntervalSince(started))
        } catch {
            // A full disk or a removed folder: worth trying again later, nothing is lost meanwhile.
            return GatewayResult(outcome: .retryable(retryAfter: nil), latency: Date().timeIntervalSince(started),
                                 error: "file \(path): \(error.localizedDescription)")
        }
    }

    private func openHandle() throws -> FileHandle {
        if let handle { return handle }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        let opened = try FileHandle(forWritingTo: url)
        try opened.seekToEnd()
        handle = opened
        return opened
    }
}
