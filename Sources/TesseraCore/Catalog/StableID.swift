/// Identifiers derived from what a thing is (its study and path), so an unchanged image keeps its id across re-crawls.
public enum StableID {
    /// `prefix` + 16 hex digits of the 64-bit FNV-1a hash of the parts joined by NUL.
    public static func make(_ prefix: String, _ parts: String...) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{0}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return prefix + withUnsafeBytes(of: hash.bigEndian) { Digits.hex($0) }
    }
}
