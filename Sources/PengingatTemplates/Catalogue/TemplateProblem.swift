import PengingatCore

/// Something wrong with a template file or the template configuration, found when the
/// catalogue loads: where it is and what to do, for the operator who edits templates.
public struct TemplateProblem: ExplainedError, Equatable {
    public enum Kind: Sendable, Equatable {
        case syntax(detail: String)
        case unknownVariable(name: String, kind: MessageKind, available: [String])
        case missingIndonesian(kind: MessageKind)
        case missingSundanese(kind: MessageKind)
        case unknownKind(fileName: String)
        case unsupportedTag(tag: String)
        case whatsAppUnknownKind(name: String)
        case whatsAppUnknownParameter(kind: MessageKind, parameter: String)
        case wrongShape(name: String, expected: String)
        case tooManySegments(kind: MessageKind, segments: Int, limit: Int)
        case tooManySegmentsWithLongValues(kind: MessageKind, segments: Int, limit: Int, text: String)
        case unreadable(reason: String)
    }

    public let file: String
    public let line: Int?
    public let column: Int?
    public let kind: Kind

    public init(file: String, line: Int? = nil, column: Int? = nil, _ kind: Kind) {
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
    }

    public var code: String {
        switch kind {
        case .syntax: "TPL01"
        case .unknownVariable: "TPL02"
        case .missingIndonesian: "TPL03"
        case .missingSundanese: "TPL04"
        case .unknownKind: "TPL05"
        case .unsupportedTag: "TPL06"
        case .whatsAppUnknownKind, .whatsAppUnknownParameter: "TPL07"
        case .wrongShape: "TPL08"
        case .tooManySegments, .tooManySegmentsWithLongValues: "TPL09"
        case .unreadable: "TPL10"
        }
    }

    public var explanation: String {
        switch kind {
        case .syntax(let detail): "Templat tidak bisa dibaca: \(detail)."
        case .unknownVariable(let name, let kind, _): "Variabel {{\(name)}} tidak disediakan untuk pesan \(kind.rawValue)."
        case .missingIndonesian(let kind): "Pesan \(kind.rawValue) belum punya templat Bahasa Indonesia."
        case .missingSundanese(let kind): "Pesan \(kind.rawValue) belum punya templat Bahasa Sunda."
        case .unknownKind(let fileName): "Berkas \(fileName) bukan nama jenis pesan yang dikenal, jadi tidak akan dipakai."
        case .unsupportedTag(let tag): "Tanda {{\(tag)}} tidak dipakai di templat pesan."
        case .whatsAppUnknownKind(let name): "Pemetaan templat WhatsApp menyebut jenis pesan \(name) yang tidak ada."
        case .whatsAppUnknownParameter(let kind, let parameter):
            "Parameter WhatsApp \(parameter) tidak disediakan untuk pesan \(kind.rawValue)."
        case .wrongShape(let name, let expected): "{{\(name)}} adalah \(expected), tidak bisa dipakai seperti ini."
        case .tooManySegments(let kind, let segments, let limit):
            "Pesan \(kind.rawValue) dengan contoh nama dan tempat butuh \(segments) SMS, batasnya \(limit)."
        case .tooManySegmentsWithLongValues(let kind, let segments, let limit, let text):
            "Pesan \(kind.rawValue) dengan nama, tempat dan isi panjang yang biasa ada di data butuh \(segments) SMS, "
                + "batasnya \(limit): \"\(text)\" (\(text.count) huruf)."
        case .unreadable(let reason): "Berkas templat tidak bisa dibaca (\(reason))."
        }
    }

    public var remedy: String {
        switch kind {
        case .syntax: "Periksa pasangan {{# }} dan {{/ }} serta kurung kurawalnya."
        case .unknownVariable(_, _, let available): "Pakai salah satu: \(available.joined(separator: ", "))."
        case .missingIndonesian, .missingSundanese: "Tambahkan berkasnya; lihat contoh di folder Templates."
        case .unknownKind: "Ganti nama berkas sesuai jenis pesan; daftar jenis ada di `pengingat templat periksa`."
        case .unsupportedTag: "Hapus tanda itu; templat pesan hanya memakai {{nama}} dan {{#bagian}}…{{/bagian}}."
        case .whatsAppUnknownKind, .whatsAppUnknownParameter: "Perbaiki bagian whatsapp_templates di berkas konfigurasi."
        case .wrongShape(let name, _): "Pakai {{#\(name)}}…{{/\(name)}}."
        case .tooManySegments, .tooManySegmentsWithLongValues: "Pendekkan kalimatnya; SMS ke-2 dan seterusnya menambah biaya."
        case .unreadable: "Periksa izin berkas dan pengodeannya (UTF-8)."
        }
    }
}

extension TemplateProblem: CustomStringConvertible {
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): [\(code)] \(explanation) \(remedy)"
    }
}

/// The catalogue did not load: every problem found, not just the first.
public struct TemplateCatalogueError: Error, CustomStringConvertible {
    public let problems: [TemplateProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
