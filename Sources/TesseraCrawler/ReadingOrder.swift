/// The order a crawler reads a study's keys in, as far as a listing can tell. A folder's own objects come before
/// its subfolders (a group's document is read before the groups it lists: plain key order puts a v3 plate's
/// `zarr.json` after every well), an image's `labels` after its levels (read last), and digit runs compare by
/// value (metadata lists wells, fields and levels by number: `A/2` before `A/10`, `s2` before `s10`).
/// Prefetching in this order stays just ahead of the crawler.
enum ReadingOrder {
    static func sorted(_ keys: [String]) -> [String] {
        keys.map { key in (segments: key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init), key: key) }
            .sorted { precedes($0.segments, $1.segments) }
            .map(\.key)
    }

    static func precedes(_ left: [[UInt8]], _ right: [[UInt8]]) -> Bool {
        for (depth, (a, b)) in zip(left, right).enumerated() where a != b {
            let aIsObject = depth == left.count - 1, bIsObject = depth == right.count - 1
            if aIsObject != bIsObject { return aIsObject }
            if !aIsObject, a == labels || b == labels { return b == labels }
            return precedes(a, b)
        }
        return left.count < right.count
    }

    private static let labels = Array("labels".utf8)

    /// Byte order, except that digit runs compare by value.
    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var i = 0, j = 0
        while i < left.count, j < right.count {
            guard isDigit(left[i]), isDigit(right[j]) else {
                if left[i] != right[j] { return left[i] < right[j] }
                i += 1
                j += 1
                continue
            }
            let a = number(left, from: i), b = number(right, from: j)
            if a.digits.count != b.digits.count { return a.digits.count < b.digits.count }
            if a.digits != b.digits { return a.digits.lexicographicallyPrecedes(b.digits) }
            // Equal values: fewer leading zeros first, so that the order stays total.
            if a.end - i != b.end - j { return a.end - i < b.end - j }
            i = a.end
            j = b.end
        }
        return left.count - i < right.count - j
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The digit run starting at `start`, without leading zeros (a lone `0` kept), and where it ends.
    private static func number(_ bytes: [UInt8], from start: Int) -> (digits: ArraySlice<UInt8>, end: Int) {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        var first = start
        while first < end - 1, bytes[first] == UInt8(ascii: "0") { first += 1 }
        return (bytes[first..<end], end)
    }
}
