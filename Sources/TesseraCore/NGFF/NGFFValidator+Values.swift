/// The schema keywords the rules are built from: types, required members, bounds, patterns, uniqueness.
/// Each check records what is wrong and returns the value only when it has the expected type.
extension NGFFValidator {
    /// A member that must be present (`required`).
    mutating func required(_ key: String, in object: JSONReader) -> JSONReader? {
        guard let member = object.member(key) else {
            error(at: JSONPath.member(object.path, key), "required member is missing")
            return nil
        }
        return member
    }

    /// A member the spec recommends (SHOULD) and only the strict schemas require, so its absence is a warning.
    mutating func recommended(_ key: String, in object: JSONReader) -> JSONReader? {
        guard let member = object.member(key) else {
            warning(at: JSONPath.member(object.path, key), "recommended member is missing (the strict schema requires it)")
            return nil
        }
        return member
    }

    mutating func object(_ node: JSONReader) -> Bool {
        guard node.value.objectValue != nil else {
            error(at: node.path, "expected an object")
            return false
        }
        return true
    }

    /// The elements of an array; a count out of bounds is recorded, but the elements are still returned for checking.
    mutating func array(_ node: JSONReader, count bounds: ClosedRange<Int> = 0...Int.max) -> [JSONReader]? {
        guard let elements = node.items else {
            error(at: node.path, "expected an array")
            return nil
        }
        if elements.count < bounds.lowerBound {
            error(at: node.path, "must hold at least \(bounds.lowerBound) item\(bounds.lowerBound == 1 ? "" : "s"), found \(elements.count)")
        } else if elements.count > bounds.upperBound {
            error(at: node.path, "must hold at most \(bounds.upperBound) items, found \(elements.count)")
        }
        return elements
    }

    @discardableResult
    mutating func string(_ node: JSONReader) -> String? {
        guard let text = node.value.stringValue else {
            error(at: node.path, "expected a string")
            return nil
        }
        return text
    }

    /// A name of ASCII letters and digits (`^[A-Za-z0-9]+$`); `segments` of them joined by `/` for a well path.
    @discardableResult
    mutating func alphanumericName(_ node: JSONReader, segments: Int = 1) -> String? {
        guard let text = string(node) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments, parts.allSatisfy(Self.isAlphanumeric) else {
            let shape = segments == 1 ? "letters and digits only" : "\(segments) names of letters and digits joined by \"/\""
            error(at: node.path, "\"\(text)\" must be \(shape)")
            return nil
        }
        return text
    }

    /// A JSON Schema `integer`: any number without a fractional part, so `1.0` counts.
    @discardableResult
    mutating func integer(_ node: JSONReader, atLeast minimum: Int64 = .min, atMost maximum: Int64 = .max) -> Int64? {
        let value: Int64
        switch node.value {
        case .int(let number):
            value = number
        case .double(let number) where number.isFinite && number.rounded() == number:
            value = Int64(exactly: number) ?? (number > 0 ? .max : .min)
        default:
            error(at: node.path, "expected an integer")
            return nil
        }
        if value < minimum {
            error(at: node.path, "\(value) is below the minimum \(minimum)")
        } else if value > maximum {
            error(at: node.path, "\(value) is above the maximum \(maximum)")
        }
        return value
    }

    mutating func number(_ node: JSONReader) {
        if node.value.doubleValue == nil { error(at: node.path, "expected a number") }
    }

    mutating func boolean(_ node: JSONReader) {
        guard case .bool = node.value else { return error(at: node.path, "expected a boolean") }
    }

    /// A per-object `version` (0.4) or `ome.version` (0.5): the version being validated (`enum`).
    mutating func versionValue(_ node: JSONReader) {
        guard let text = string(node), text != version else { return }
        error(at: node.path, "\"\(text)\" is not \"\(version)\", the version being validated")
    }

    /// `uniqueItems`: no element equals an earlier one; numbers compare by value, so `1` equals `1.0`.
    mutating func uniqueItems(_ elements: [JSONReader]) {
        var seen: [JSONValue: String] = [:]
        for element in elements {
            let value = element.value.comparable
            if let first = seen[value] {
                error(at: element.path, "duplicates \(first)")
            } else {
                seen[value] = element.path
            }
        }
    }

    /// Names the spec requires to be unique (axes, rows, columns, wells, fields); stricter than `uniqueItems`.
    mutating func uniqueNames(_ names: [(name: String, node: JSONReader)]) {
        var seen: [String: String] = [:]
        for (name, node) in names {
            if let first = seen[name] {
                error(at: node.path, "\"\(name)\" duplicates \(first)")
            } else {
                seen[name] = node.path
            }
        }
    }

    private static func isAlphanumeric(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }
}

extension JSONReader {
    /// A member as written, `null` included (unlike `child`: for the schemas `null` is a value of the wrong type).
    func member(_ key: String) -> JSONReader? {
        value[key].map { reader(of: $0, at: key) }
    }

    /// The elements, when this is an array (unlike `elements()`, which throws).
    var items: [JSONReader]? {
        value.arrayValue.map(readers)
    }
}

private extension JSONValue {
    /// This value with integral numbers in one representation, as JSON Schema equality wants.
    var comparable: JSONValue {
        switch self {
        case .double(let number): return Int64(exactly: number).map(JSONValue.int) ?? self
        case .array(let elements): return .array(elements.map(\.comparable))
        case .object(let members): return .object(members.mapValues(\.comparable))
        default: return self
        }
    }
}
