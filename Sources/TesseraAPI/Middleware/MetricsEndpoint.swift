import Hummingbird
import Metrics
import Prometheus
import TesseraCore

/// `/metrics` in the Prometheus text format: request counts and latency histograms per route (Hummingbird's
/// metrics middleware, through swift-metrics), and crawl and catalog figures read from the catalog at scrape
/// time, so crawls run by `tessera crawl` in another process count as well as crawls started over HTTP.
enum MetricsEndpoint {
    /// swift-metrics has one backend per process; the first router built installs it.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func response(store: CatalogStore) async throws -> Response {
        var text = registry.emitToString()
        let totals = try await store.crawlTotals()
        text += "# HELP tessera_crawl_runs_total Crawl runs recorded in the catalog, by status.\n# TYPE tessera_crawl_runs_total counter\n"
        for total in totals { text += "tessera_crawl_runs_total{status=\"\(total.status)\"} \(total.runs)\n" }
        text += "# HELP tessera_crawl_objects_read_total Objects read by recorded crawl runs, by status.\n# TYPE tessera_crawl_objects_read_total counter\n"
        for total in totals { text += "tessera_crawl_objects_read_total{status=\"\(total.status)\"} \(total.objectsRead)\n" }
        text += "# HELP tessera_crawl_errors_total Objects recorded crawl runs could not read, by status.\n# TYPE tessera_crawl_errors_total counter\n"
        for total in totals { text += "tessera_crawl_errors_total{status=\"\(total.status)\"} \(total.errors)\n" }
        text += "# HELP tessera_catalog_version Changes the catalog has seen (studies written or removed, runs started or finished).\n"
        text += "# TYPE tessera_catalog_version counter\ntessera_catalog_version \(try await store.version())\n"
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
