/// Number formatting for hot paths (a signature per request, a sort key per image), where `String(format:)`
/// cost more than the work around it.
public enum Digits {
    /// Lower-case hexadecimal, two digits per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text = [UInt8]()
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decimal, zero-padded to `width` digits (as `%05d` pads a non-negative number).
    public static func padded(_ number: some BinaryInteger, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
