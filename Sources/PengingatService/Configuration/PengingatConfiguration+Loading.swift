import Foundation
import PengingatCore
import PengingatTemplates
import Yams

extension PengingatConfiguration {
    /// The configuration file used when none is named: `$PENGINGAT_CONFIG`, else
    /// `Config/pengingat.yaml` when it exists, else none (all defaults).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["PENGINGAT_CONFIG"], !path.isEmpty { return path }
        let shipped = "Config/pengingat.yaml"
        return FileManager.default.fileExists(atPath: shipped) ? shipped : nil
    }

    /// Reads a YAML configuration file; nil path means the defaults.
    public static func load(path: String?) throws(ConfigurationError) -> PengingatConfiguration {
        guard let path else { return PengingatConfiguration() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(path: path, reason: .unreadable)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigurationError(path: path, reason: .unreadable) }
        if text.trimmingWhitespace().isEmpty { return PengingatConfiguration() }
        do {
            return try YAMLDecoder().decode(PengingatConfiguration.self, from: text)
        } catch let error as YamlError {
            throw ConfigurationError(path: path, reason: .syntax("\(error)"))
        } catch let error as DecodingError {
            // Yams reports a YAML syntax error as corrupted data wrapping its own error.
            if case .dataCorrupted(let context) = error, let yaml = context.underlyingError as? YamlError {
                throw ConfigurationError(path: path, reason: .syntax("\(yaml)"))
            }
            throw ConfigurationError(path: path, reason: .invalidValue(error.pengingatDescription))
        } catch {
            throw ConfigurationError(path: path, reason: .syntax("\(error)"))
        }
    }

    /// Loads the message catalogue this configuration describes.
    public func loadTemplates(configurationPath: String?) throws(TemplateCatalogueError) -> TemplateCatalogue {
        try TemplateCatalogue.load(
            settings: templates, whatsAppTemplates: whatsAppTemplates,
            configurationFile: configurationPath ?? "konfigurasi bawaan")
    }
}

/// The configuration file could not be used.
public struct ConfigurationError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case unreadable
        case syntax(String)
        case invalidValue(String)
    }

    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var code: String {
        switch reason {
        case .unreadable: "CFG01"
        case .syntax: "CFG02"
        case .invalidValue: "CFG03"
        }
    }

    public var explanation: String {
        switch reason {
        case .unreadable: "Berkas konfigurasi \(path) tidak bisa dibaca."
        case .syntax(let detail): "Berkas konfigurasi \(path) bukan YAML yang benar: \(detail)"
        case .invalidValue(let detail): "Isi berkas konfigurasi \(path) salah: \(detail)"
        }
    }

    public var remedy: String {
        switch reason {
        case .unreadable: "Periksa jalur --config atau PENGINGAT_CONFIG dan izin berkasnya."
        case .syntax, .invalidValue: "Bandingkan dengan Config/pengingat.yaml yang dikirim bersama program."
        }
    }
}

extension DecodingError {
    /// Where in the file and what: "templates.max_reminder_segments: expected Int".
    var pengingatDescription: String {
        func path(_ context: Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context)): harus \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): \(type) kosong"
        case .keyNotFound(let key, let context):
            return "\(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue): wajib ada"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}
