/// Why a source or an object could not be read.
public enum CrawlError: Error, CustomStringConvertible {
    case sourceUnavailable(String)
    case outsideSource(String)
    /// An object the metadata promises is not there.
    case missing(String)

    public var description: String {
        switch self {
        case .sourceUnavailable(let reason): return reason
        case .outsideSource(let key): return "\"\(key)\" points outside the crawled source"
        case .missing(let promise): return "not found, but \(promise)"
        }
    }
}
