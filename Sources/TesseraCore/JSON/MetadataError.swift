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
    private let location: Location

    /// Where the value sits, written out only when asked: the crawler reads every member of every document
    /// through readers, and spelling each path out up front was a tenth of the NGFF validation's work.
    private indirect enum Location {
        case root(String)
        case member(Location, String)
        case element(Location, Int)

        var path: String {
            switch self {
            case .root(let path): path
            case .member(let parent, let key): JSONPath.member(parent.path, key)
            case .element(let parent, let index): JSONPath.element(parent.path, index)
            }
        }
    }

    var path: String { location.path }

    init(_ value: JSONValue, path: String = "$") {
        self.init(value, location: .root(path))
    }

    private init(_ value: JSONValue, location: Location) {
        self.value = value
        self.location = location
    }

    /// The reader of a member value, whether or not it is `null`.
    func reader(of member: JSONValue, at key: String) -> JSONReader {
        JSONReader(member, location: .member(location, key))
    }

    /// The readers of an array's elements.
    func readers(of elements: [JSONValue]) -> [JSONReader] {
        elements.enumerated().map { JSONReader($1, location: .element(location, $0)) }
    }

    func object() throws -> [String: JSONValue] {
        guard let members = value.objectValue else { throw MetadataError.invalid(path: path, reason: "expected an object") }
        return members
    }

    func child(_ key: String) -> JSONReader? {
        guard let member = value[key], member != .null else { return nil }
        return reader(of: member, at: key)
    }

    func required(_ key: String) throws -> JSONReader {
        _ = try object()
        guard let member = child(key) else { throw MetadataError.invalid(path: JSONPath.member(path, key), reason: "required member is missing") }
        return member
    }

    func elements() throws -> [JSONReader] {
        guard let items = value.arrayValue else { throw MetadataError.invalid(path: path, reason: "expected an array") }
        return readers(of: items)
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
