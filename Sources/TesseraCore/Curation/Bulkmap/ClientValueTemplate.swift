/// A bulkmap `clientvalue`: the Jinja2 subset IDR's configs use, `{{ value }}` and `{{ value|urlencode }}`,
/// rendered as Jinja2 renders it (a folded YAML scalar's single trailing newline is dropped).
public struct ClientValueTemplate: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case value(urlencoded: Bool)
    }

    let parts: [Part]

    public struct UnsupportedExpression: Error, CustomStringConvertible {
        public let expression: String
        public var description: String {
            "clientvalue expression {{\(expression)}} is not supported (only {{ value }} and {{ value|urlencode }})"
        }
    }

    public init(_ template: String) throws {
        var rest = Substring(template.hasSuffix("\n") ? String(template.dropLast()) : template)
        var parts: [Part] = []
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw UnsupportedExpression(expression: String(rest[open.upperBound...]))
            }
            let expression = rest[open.upperBound..<close.lowerBound]
            let words = expression.split(separator: "|").map { $0.trimmingSpaces() }
            switch words {
            case ["value"]: parts.append(.value(urlencoded: false))
            case ["value", "urlencode"]: parts.append(.value(urlencoded: true))
            default: throw UnsupportedExpression(expression: String(expression))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    public func render(_ value: String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .value(let urlencoded):
                // Jinja2's `urlencode` keeps RFC 3986's unreserved characters and `/`, exactly as object keys are encoded.
                return urlencoded ? ObjectPath.encode(value) : value
            }
        }.joined()
    }
}
