/// Why a metadata document could not be read; `path` is a JSON path into the offending document.
public enum MetadataError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(path: String, reason: String)
    case unsupported(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let path, let reason): return "invalid metadata at \(path): \(reason)"
        case .unsupported(let path, let reason): return "unsupported metadata at \(path): \(reason)"
        }
    }
}

/// Typed reads from a JSON object that name the JSON path of whatever is missing or wrong.
struct JSONReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "$") {
        self.value = value
        self.path = path
    }

    func object() throws -> [String: JSONValue] {
        guard let members = value.objectValue else { throw MetadataError.invalid(path: path, reason: "expected an object") }
        return members
    }

    func child(_ key: String) -> JSONReader? {
        guard let member = value[key], member != .null else { return nil }
        return JSONReader(member, path: JSONPath.member(path, key))
    }

    func required(_ key: String) throws -> JSONReader {
        _ = try object()
        guard let member = child(key) else { throw MetadataError.invalid(path: JSONPath.member(path, key), reason: "required member is missing") }
        return member
    }

    func elements() throws -> [JSONReader] {
        guard let items = value.arrayValue else { throw MetadataError.invalid(path: path, reason: "expected an array") }
        return items.enumerated().map { JSONReader($1, path: JSONPath.element(path, $0)) }
    }

    func string() throws -> String {
        guard let text = value.stringValue else { throw MetadataError.invalid(path: path, reason: "expected a string") }
        return text
    }

    func int() throws -> Int64 {
        guard let number = value.intValue else { throw MetadataError.invalid(path: path, reason: "expected an integer") }
        return number
    }

    func double() throws -> Double {
        guard let number = value.doubleValue else { throw MetadataError.invalid(path: path, reason: "expected a number") }
        return number
    }

    /// A list of array dimensions: integers, each within `range`.
    func dimensions(minimum: Int64) throws -> [Int64] {
        try elements().map { element in
            let number = try element.int()
            guard number >= minimum else {
                throw MetadataError.invalid(path: element.path, reason: "\(number) is below the minimum \(minimum)")
            }
            return number
        }
    }
}
