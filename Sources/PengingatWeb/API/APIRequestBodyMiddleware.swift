import Foundation
import HTTPTypes
import OpenAPIRuntime
import PengingatAPI

/// Bodies are read whole, up to a limit, and `null` for a field the operation's body declares is
/// refused: no field of this API is nullable, and the generated decoding reads `null` as absent,
/// which would turn a caller's mistake into a default (`"confirm": null` into false) without a
/// word. Fields the spec does not declare are let through, as its schemas allow them.
struct APIRequestBodyMiddleware: ServerMiddleware {
    /// The largest body any operation needs: a month's verification of up to 2,000 lines with
    /// their notes (a broadcast or an attendance list is far smaller).
    static let limit = 1024 * 1024

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body else { return try await next(request, nil, metadata) }
        let bytes: Data
        do {
            bytes = try await Data(collecting: body, upTo: Self.limit)
        } catch {
            throw APIFailure.unreadable("lebih dari \(Self.limit / 1024) KB")
        }
        if let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] {
            if let field = object.keys.sorted().first(where: { object[$0] is NSNull && Self.declares($0, operationID: operationID) }) {
                throw APIFailure.unreadable("\(field) bernilai null; tinggalkan kolom itu bila tidak dipakai")
            }
            // A verification's entries are objects of their own, read the same way: a `"note": null`
            // would otherwise pass as no note.
            if operationID == Operations.RecordVerification.id, let entries = object["entries"] as? [Any] {
                for case let entry as [String: Any] in entries {
                    if let field = entry.keys.sorted().first(where: {
                        entry[$0] is NSNull && Components.Schemas.VerificationEntry.CodingKeys(rawValue: $0) != nil
                    }) {
                        throw APIFailure.unreadable("entries.\(field) bernilai null; tinggalkan kolom itu bila tidak dipakai")
                    }
                }
            }
        }
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }

    /// Whether the operation's body declares `field`, read from the generated body type.
    static func declares(_ field: String, operationID: String) -> Bool {
        switch operationID {
        case Operations.SetConsent.id: Operations.SetConsent.Input.Body.JsonPayload.CodingKeys(rawValue: field) != nil
        case Operations.RecordAttendance.id: Operations.RecordAttendance.Input.Body.JsonPayload.CodingKeys(rawValue: field) != nil
        case Operations.MoveMeeting.id: Operations.MoveMeeting.Input.Body.JsonPayload.CodingKeys(rawValue: field) != nil
        case Operations.PreviewBroadcast.id, Operations.SendBroadcast.id:
            Components.Schemas.BroadcastRequest.CodingKeys(rawValue: field) != nil
        case Operations.RecordVerification.id: Components.Schemas.VerificationRequest.CodingKeys(rawValue: field) != nil
        default: false
        }
    }
}
