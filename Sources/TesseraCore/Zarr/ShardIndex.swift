import Foundation

/// A decoded shard index: for each inner chunk, its byte range in the shard object, or nothing when empty.
public struct ShardIndex: Sendable, Hashable {
    /// Offset and length pairs, C order over the inner chunks of the shard.
    let entries: [UInt64]

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case wrongSize(expected: Int64, actual: Int)
        case checksumMismatch

        public var description: String {
            switch self {
            case .wrongSize(let expected, let actual): return "shard index has \(actual) bytes, expected \(expected)"
            case .checksumMismatch: return "shard index fails its CRC32C check"
            }
        }
    }

    public static func decode(_ data: Data, layout: ShardIndexLayout) throws -> ShardIndex {
        guard data.count == layout.byteCount else { throw DecodeError.wrongSize(expected: layout.byteCount, actual: data.count) }
        let bytes = [UInt8](data)
        let entryBytes = bytes.count - (layout.checksum ? 4 : 0)
        if layout.checksum {
            let stored = bytes[entryBytes...].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            guard CRC32C.checksum(bytes[..<entryBytes]) == stored else { throw DecodeError.checksumMismatch }
        }
        var entries: [UInt64] = []
        entries.reserveCapacity(entryBytes / 8)
        for start in stride(from: 0, to: entryBytes, by: 8) {
            var value: UInt64 = 0
            for offset in 0..<8 {
                let byte = UInt64(bytes[start + offset])
                value |= layout.byteOrder == .big ? byte << (8 * UInt64(7 - offset)) : byte << (8 * UInt64(offset))
            }
            entries.append(value)
        }
        return ShardIndex(entries: entries)
    }

    /// The byte range of the inner chunk at `entry`, or `nil` when it is empty (read as fill value).
    public func range(ofEntry entry: Int64) -> (offset: UInt64, length: UInt64)? {
        let offset = entries[Int(entry) * 2], length = entries[Int(entry) * 2 + 1]
        if offset == .max && length == .max { return nil }
        return (offset, length)
    }

    /// Memory held by the index, for cache budgets.
    public var byteCount: Int { entries.count * 8 }
}

/// CRC32C (Castagnoli), as the Zarr `crc32c` codec appends it.
enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
