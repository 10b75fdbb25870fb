import Foundation

/// A single HTTP byte range (RFC 9110 §14.1.2) resolved against an object's size: `bytes=a-b`, `bytes=a-`
/// or the suffix form `bytes=-n` (the last n bytes), which shard-index reads use.
enum ByteRange {
    enum Outcome: Equatable {
        /// Serve these bytes (inclusive bounds) with 206.
        case partial(ClosedRange<Int>)
        /// Not a single byte range this server understands (several ranges, other units): serve the whole object.
        case ignored
        /// A valid range that selects nothing in this object: 416.
        case unsatisfiable
    }

    static func resolve(_ header: String, size: Int) -> Outcome {
        let text = header.trimmingSpaces()
        guard text.hasPrefix("bytes="), !text.contains(",") else { return .ignored }
        let parts = text.dropFirst("bytes=".count).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .ignored }
        let first = parts[0].trimmingSpaces(), last = parts[1].trimmingSpaces()
        if first.isEmpty {
            guard let length = Int(last) else { return .ignored }
            guard length > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - length)...(size - 1))
        }
        guard let start = Int(first), start >= 0 else { return .ignored }
        let end: Int
        if last.isEmpty {
            end = size - 1
        } else {
            guard let value = Int(last), value >= start else { return .ignored }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .partial(start...end)
    }
}
