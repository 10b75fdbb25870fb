/// Starts configured crawls for `POST /v1/crawls`. The server knows crawls only by name: what a name crawls (its
/// source, endpoint, curation) is the operator's configuration, never the client's.
public protocol CrawlLauncher: Sendable {
    /// The names clients may start.
    var jobs: [String] { get }
    /// Starts the crawl `job` (re-reading every study when `full`) and returns once its run is recorded.
    func launch(_ job: String, full: Bool) async throws -> CrawlLaunch
}

public enum CrawlLaunch: Sendable, Hashable {
    /// The crawl runs as the recorded run with this id.
    case started(run: Int64)
    /// Another crawl of the same source holds its lock.
    case locked
    /// The crawl stopped before recording a run, for this reason.
    case failed(String)
}
