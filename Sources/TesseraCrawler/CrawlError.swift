/// Why a source or an object could not be read.
public enum CrawlError: Error, CustomStringConvertible {
    case sourceUnavailable(String)
    case outsideSource(String)
    /// An object the metadata promises is not there.
    case missing(String)
    /// Another crawl of the same source holds its lock.
    case locked(source: String, holder: String, run: Int64?, since: String)

    public var description: String {
        switch self {
        case .sourceUnavailable(let reason): return reason
        case .outsideSource(let key): return "\"\(key)\" points outside the crawled source"
        case .missing(let promise): return "not found, but \(promise)"
        case .locked(let source, let holder, let run, let since):
            return "another crawl of \(source) is running (run \(run.map(String.init) ?? "starting"), process \(holder), alive at \(since))"
        }
    }
}

/// Whether a failure may pass by itself (throttling, timeouts, resets), as opposed to a refusal, a missing
/// object or a broken document, which a retry would only repeat.
func isTransient(_ error: Error) -> Bool {
    switch error {
    case let error as TransportError: return error.isTransient
    case let error as S3Error: return error.isTransient
    default: return false
    }
}
