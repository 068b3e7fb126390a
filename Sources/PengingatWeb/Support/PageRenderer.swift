import Foundation
import Mustache

/// The pages' Mustache templates (`Templates/web/*.mustache`), loaded once at start. Every
/// `{{value}}` is HTML-escaped by Mustache itself; only the layout's `{{{body}}}`, which is a
/// page this renderer made, is inserted as it is.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The little script the pages may use (live broadcast preview); they work without it.
    let script: String

    static let pages = ["layout", "masuk", "beranda", "kelompok-daftar", "kelompok", "kpm", "kirim", "pratinjau", "log", "balasan",
                        "akun", "akun-semua", "galat", "daftar-hadir", "laporan"]

    /// Fails with the missing template's name, or the line and column of a syntax error.
    public static func load(directory: String) async throws -> PageRenderer {
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch {
            throw PageTemplateError(directory: directory, detail: "\(error)")
        }
        for page in pages where library.getTemplate(named: page) == nil {
            throw PageTemplateError(directory: directory, detail: "\(page).mustache tidak ada")
        }
        let script = (try? String(contentsOfFile: directory + "/pengingat.js", encoding: .utf8)) ?? ""
        return PageRenderer(library: library, script: script)
    }

    /// What every page shows around its content.
    struct Chrome: Sendable {
        var viewer: String?
        var isAdmin = false
        var csrf: String?
        var section: String = ""
        var notice: String?
        var error: String?
    }

    func render(_ template: String, title: String, content: Any, chrome: Chrome) -> String {
        let body = fragment(template, content: content, chrome: chrome)
        return library.render(LayoutContext(title: title, body: body, chrome: chrome), withTemplate: "layout") ?? body
    }

    func fragment(_ template: String, content: Any, chrome: Chrome) -> String {
        library.render(PageContext(content: content, chrome: chrome), withTemplate: template) ?? ""
    }

    // Mustache reads stored properties only (through Mirror): no computed ones here.
    struct PageContext {
        let content: Any
        let csrf: String?
        let viewer: String?
        let isAdmin: Bool
        let notice: String?
        let error: String?

        init(content: Any, chrome: Chrome) {
            self.content = content
            csrf = chrome.csrf
            viewer = chrome.viewer
            isAdmin = chrome.isAdmin
            notice = chrome.notice
            error = chrome.error
        }
    }

    struct LayoutContext {
        let title: String
        let body: String
        let csrf: String?
        let viewer: String?
        let isAdmin: Bool
        let notice: String?
        let error: String?
        let sections: Sections

        init(title: String, body: String, chrome: Chrome) {
            self.title = title
            self.body = body
            csrf = chrome.csrf
            viewer = chrome.viewer
            isAdmin = chrome.isAdmin
            notice = chrome.notice
            error = chrome.error
            sections = Sections(chrome.section)
        }
    }

    /// Which menu entry is the current page.
    struct Sections {
        let beranda, kelompok, kirim, log, balasan, laporan, akun: Bool
        init(_ current: String) {
            beranda = current == "beranda"
            kelompok = current == "kelompok"
            kirim = current == "kirim"
            log = current == "log"
            balasan = current == "balasan"
            laporan = current == "laporan"
            akun = current == "akun"
        }
    }
}

public struct PageTemplateError: Error, CustomStringConvertible {
    public let directory: String
    public let detail: String
    public var description: String { "[WEB10] Templat halaman di \(directory) tidak bisa dipakai: \(detail). Periksa web.templates di konfigurasi." }
}
