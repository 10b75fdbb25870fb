import Hummingbird
import NIOCore

/// A whole list streamed page by page from the catalog: memory holds one page, whatever the list's length.
struct ListExport<Row: TableRow & Sendable>: Sendable {
    let format: ListFormat
    /// The page after a position (nil: the first), and the position after it when more follow.
    let page: @Sendable (String?) async throws -> (rows: [Row], next: String?)

    func response(from start: String?) async throws -> Response {
        // The first page is read before the answer starts, so a failing catalog is still a problem response.
        let first = try await page(start)
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var buffer = ByteBuffer()
            if format != .ndjson { TableText.write(Row.columns, separator: separator, to: &buffer) }
            var current = first
            while true {
                for row in current.rows { try write(row, to: &buffer) }
                try await writer.write(buffer)
                buffer.clear()
                guard let next = current.next else { break }
                current = try await page(next)
            }
            try await writer.finish(nil)
        })
    }

    private var separator: UInt8 { format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",") }

    private func write(_ row: Row, to buffer: inout ByteBuffer) throws {
        if format == .ndjson {
            buffer.writeBytes(try WireJSON.encode(row))
            buffer.writeStaticString("\n")
        } else {
            TableText.write(row.cells, separator: separator, to: &buffer)
        }
    }
}
