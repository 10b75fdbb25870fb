import Foundation
import Hummingbird
import TesseraCore

/// An RFC 9457 problem: every error the API answers with. The detail says what was wrong and how to fix it.
public struct Problem: HTTPResponseError {
    public let status: HTTPResponse.Status
    public let detail: String

    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, detail) }
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, detail) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: JSONValue] = [
            "type": .string("about:blank"),
            "title": .string(status.reasonPhrase),
            "status": .int(Int64(status.code)),
            "detail": .string(detail),
            "instance": .string(request.uri.path),
        ]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try WireJSON.encode(body))))
    }
}
