import Foundation

/// A header listing alternatives with quality values (`Accept`, `Accept-Encoding`; RFC 9110 12.4.2): the
/// acceptable ones (q > 0), lower-cased, most preferred first (by quality, then by position).
enum QualityList {
    static func acceptable(_ header: String) -> [String] {
        header.split(separator: ",").enumerated().compactMap { position, part -> (quality: Double, position: Int, value: String)? in
            let pieces = part.split(separator: ";").map { $0.trimmingSpaces().lowercased() }
            guard let value = pieces.first, !value.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0 ? (quality, position, value) : nil
        }
        .sorted { ($1.quality, $0.position) < ($0.quality, $1.position) }
        .map(\.value)
    }
}
