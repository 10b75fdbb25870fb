import Hummingbird
import Logging
import TesseraCore

/// What differs between deployments of the API.
public struct APIOptions: Sendable {
    /// A folder served read-only under `/data/`, so the URLs of a bucket crawled from it resolve (the demo's bucket).
    public var dataDirectory: String?

    public init(dataDirectory: String? = nil) {
        self.dataDirectory = dataDirectory
    }
}

/// The one place the API's routes and middleware are assembled, for the server and for tests alike.
public func buildRouter(store: CatalogStore, options: APIOptions = APIOptions()) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ProblemMiddleware())
    if let dataDirectory = options.dataDirectory {
        router.add(middleware: ObjectFilesMiddleware(folder: dataDirectory, prefix: "/data/"))
    }
    router.get("/healthz") { _, _ in try WireJSON.response(["status": "ok"]) }
    StudyRoutes(store: store).add(to: router)
    ImageRoutes(store: store).add(to: router)
    return router
}
