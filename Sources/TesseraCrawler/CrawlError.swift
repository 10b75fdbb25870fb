/// Failures that stop a crawl (as opposed to per-object problems, which are recorded and skipped).
public enum CrawlError: Error, CustomStringConvertible {
    case sourceUnavailable(String)
    case outsideSource(String)

    public var description: String {
        switch self {
        case .sourceUnavailable(let reason): return reason
        case .outsideSource(let key): return "\"\(key)\" points outside the crawled source"
        }
    }
}
