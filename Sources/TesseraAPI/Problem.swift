import Foundation
import Hummingbird
import TesseraCore

/// An RFC 9457 problem: every error the API answers with. The detail says what was wrong and how to fix it.
public struct Problem: HTTPResponseError {
    public let status: HTTPResponse.Status
    public let detail: String
    /// The parts of a JSON body at fault, each by its JSON Pointer (an RFC 9457 extension member).
    public let errors: [SearchDocument.Problem]
    /// Headers the answer carries besides the problem, e.g. `Retry-After`.
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [SearchDocument.Problem] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = [
            "type": .string("about:blank"),
            "title": .string(status.reasonPhrase),
            "status": .int(Int64(status.code)),
            "detail": .string(detail),
            "instance": .string(request.uri.path),
        ]
        if !errors.isEmpty {
            body["errors"] = .array(errors.map { .object(["pointer": .string($0.pointer), "detail": .string($0.detail)]) })
        }
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try WireJSON.encode(body))))
    }
}
