import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import PengingatCore

/// Writes what an operation threw as the spec's error under the status it declares: the desk's
/// and the services' explained errors with their own code and a remedy that speaks of the API;
/// a request the generated decoding refused (a wrong type, a value outside an enum, a missing
/// field, a body that is not JSON) as 400 `API02`. Anything else is the server's fault and
/// stays a 500, logged without the request's content.
struct APIErrorMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch let error as ServerError {
            if let failure = Self.failure(error, query: request.path.flatMap { $0.split(separator: "?", maxSplits: 1).dropFirst().first }) {
                return failure.response
            }
            logger.error("API operation failed", metadata: [
                "api.operation": "\(operationID)", "api.cause": "\(error.causeDescription)",
                "error.type": "\(type(of: error.underlyingError))",
            ])
            throw error
        }
    }

    /// `query` is the request's query string: when the generated decoding refused one of its
    /// parameters, its error does not say which, so the message shows them as sent.
    static func failure(_ error: ServerError, query: Substring? = nil) -> APIFailure? {
        let cause = error.underlyingError
        if let failure = cause as? APIFailure { return failure }
        if let explained = FacilitatorSite.explained(cause, for: .api) {
            return APIFailure(status: explained.status, code: explained.code, message: explained.message, remedy: explained.remedy)
        }
        if cause is APIAuthenticationMiddleware.Unauthenticated { return .unauthorized }
        guard (400..<500).contains(error.httpStatus.code) else { return nil }
        if let decoding = cause as? DecodingError {
            if decoding.isAtTheRoot, let query, !query.isEmpty {
                return .unreadable("parameter alamat salah jenis atau bukan salah satu pilihannya: \(query.removingPercentEncoding ?? String(query))")
            }
            return .unreadable(describe(decoding))
        }
        if error.httpStatus == .unsupportedMediaType { return .unreadable("Content-Type harus application/json") }
        return .unreadable("bagian permintaan tidak terbaca")
    }

    static func describe(_ error: DecodingError) -> String {
        let path = { (context: DecodingError.Context) in context.codingPath.map(\.stringValue).filter { !$0.isEmpty } }
        switch error {
        case .keyNotFound(let key, _): return "kolom \(key.stringValue) tidak ada"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let names = path(context)
            return names.isEmpty ? "nilai salah jenis" : "\(names.joined(separator: ".")) salah jenis"
        case .dataCorrupted(let context):
            let names = path(context)
            return names.isEmpty ? "bukan JSON yang sah" : "nilai \(names.joined(separator: ".")) tidak dikenal"
        @unknown default: return "tidak terbaca"
        }
    }
}

extension DecodingError {
    /// The error names no field: a query parameter's value (decoded on its own) or a whole body.
    var isAtTheRoot: Bool {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.allSatisfy(\.stringValue.isEmpty)
        case .keyNotFound: false
        @unknown default: false
        }
    }
}
