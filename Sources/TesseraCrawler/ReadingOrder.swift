/// The order a crawler reads a study's keys in, as far as a listing can tell. A folder's own objects come before
/// its subfolders (a group's document is read before the groups it lists: plain key order puts a v3 plate's
/// `zarr.json` after every well), an image's `labels` after its levels (read last), and digit runs compare by
/// value (metadata lists wells, fields and levels by number: `A/2` before `A/10`, `s2` before `s10`).
/// Prefetching in this order stays just ahead of the crawler.
enum ReadingOrder {
    static func sorted(_ keys: [String]) -> [String] {
        keys.map { (order: sortKey($0), key: $0) }
            .sorted { $0.order == $1.order ? $0.key < $1.key : $0.order.lexicographicallyPrecedes($1.order) }
            .map(\.key)
    }

    /// Bytes whose plain order is the reading order: each segment is tagged object (1), folder (2) or labels
    /// folder (3) and ends in 0; a digit run becomes `0`, its length and its digits without leading zeros.
    static func sortKey(_ key: String) -> [UInt8] {
        var order: [UInt8] = []
        order.reserveCapacity(key.utf8.count + 16)
        let segments = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            order.append(index == segments.count - 1 ? 1 : segment.elementsEqual("labels".utf8) ? 3 : 2)
            var position = segment.startIndex
            while position < segment.endIndex {
                guard isDigit(segment[position]) else {
                    order.append(segment[position])
                    position = segment.index(after: position)
                    continue
                }
                var end = position
                while end < segment.endIndex, isDigit(segment[end]) { end = segment.index(after: end) }
                var first = position
                while segment.index(after: first) < end, segment[first] == UInt8(ascii: "0") { first = segment.index(after: first) }
                order.append(UInt8(ascii: "0"))
                order.append(UInt8(min(segment.distance(from: first, to: end), 255)))
                order += segment[first..<end]
                position = end
            }
            order.append(0)
        }
        return order
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
