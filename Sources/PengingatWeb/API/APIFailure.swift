import Foundation
import HTTPTypes
import OpenAPIRuntime
import PengingatAPI

/// An API error as the spec writes it, `{"error": {"code", "message", "remedy"}}` with the
/// message and remedy in Bahasa Indonesia, under the status the spec declares for it.
struct APIFailure: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let remedy: String
    var headers: HTTPFields = [:]

    static let unauthorized = APIFailure(
        status: .unauthorized, code: "API01", message: "Token tidak ada atau tidak berlaku.",
        remedy: "Kirim header Authorization: Bearer TOKEN; token dibuat admin dengan pengingat akun token NAMA.",
        headers: [.wwwAuthenticate: "Bearer"])

    static func unreadable(_ what: String) -> APIFailure {
        APIFailure(status: .badRequest, code: "API02", message: "Isi permintaan tidak sesuai: \(what).",
                   remedy: "Lihat openapi.yaml untuk bentuk yang benar.")
    }

    var body: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The generated model of the spec's Error: what is written is what the spec says.
        let value = Components.Schemas.ErrorBody(error: .init(code: code, message: message, remedy: remedy))
        return (try? encoder.encode(value)) ?? Data()
    }

    var response: (HTTPResponse, HTTPBody) {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return (HTTPResponse(status: status, headerFields: fields), HTTPBody(body))
    }
}
