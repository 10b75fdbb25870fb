import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix

@main
enum Entry {
    static func main() {
        // Tasks run on NIO's event loops: an answer read from a socket resumes the task awaiting it on the same
        // thread instead of waking one of Swift's own pool (a crawl spent a tenth less CPU). Installed before
        // any task exists, as NIO requires; blocking work goes through `Offload` as before.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await Tessera.main()
            exit(0)
        }
        dispatchMain()
    }
}

struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "A cross-study catalog of OME-Zarr bioimaging data with direct chunk URLs.",
        subcommands: [Crawl.self, Serve.self, Migrate.self, Demo.self]
    )
}

/// Options every command that touches the catalog shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "Catalog database: sqlite:PATH or postgres://user:password@host:port/database.",
        discussion: "Defaults to $TESSERA_DATABASE_URL, else sqlite:tessera.sqlite in the working directory."))
    var url: String?

    var resolvedURL: String {
        url ?? ProcessInfo.processInfo.environment["TESSERA_DATABASE_URL"] ?? "sqlite:tessera.sqlite"
    }

    /// The migrate command for this database, for error messages that tell the user what to run.
    var migrateCommand: String {
        url == nil ? "tessera migrate" : "tessera migrate --db <the same URL>"
    }
}

enum Logs {
    /// Logs go to standard error, so `--json` output on standard output stays machine-readable.
    static func bootstrap(defaultLevel: Logger.Level = .info) -> Logger {
        let level = ProcessInfo.processInfo.environment["TESSERA_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "tessera")
    }
}
