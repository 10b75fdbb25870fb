import Foundation
import TesseraAPI
import TesseraCore

/// `POST /v1/crawls` for `tessera serve`: each configured job runs as a `tessera crawl` child process, so a crawl's
/// work is scheduled by the operating system beside the server's, not inside it, and a crawl that dies takes
/// nothing of the server with it. The child gets the database URL through its environment, never its arguments.
struct CrawlJobs: CrawlLauncher {
    /// `NAME=SOURCE [crawl options…]`, as given to `--crawl-job`.
    let arguments: [String: [String]]
    let databaseURL: String
    let store: CatalogStore

    var jobs: [String] { arguments.keys.sorted() }

    /// Parses `--crawl-job` values; a job's words split on spaces, with single or double quotes keeping a word whole.
    init(_ specifications: [String], databaseURL: String, store: CatalogStore) throws {
        var arguments: [String: [String]] = [:]
        for specification in specifications {
            guard let equals = specification.firstIndex(of: "="), equals != specification.startIndex else {
                throw CrawlJobError("--crawl-job takes NAME=SOURCE [crawl options…], not \"\(specification)\"")
            }
            let words = try Self.words(String(specification[specification.index(after: equals)...]))
            guard let source = words.first, !source.hasPrefix("-") else {
                throw CrawlJobError("--crawl-job \(specification[..<equals]): the source comes first, then crawl options")
            }
            arguments[String(specification[..<equals])] = words
        }
        self.arguments = arguments
        self.databaseURL = databaseURL
        self.store = store
    }

    func launch(_ job: String, full: Bool) async throws -> CrawlLaunch {
        guard let words = arguments[job] else { return .failed("no job \(job)") }
        let before = try await store.crawlRuns(page: PageRequest(limit: 1)).items.first?.id ?? 0
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["crawl"] + words + (full ? ["--full"] : []) + ["--no-progress", "--json"]
        var environment = ProcessInfo.processInfo.environment
        environment["TESSERA_DATABASE_URL"] = databaseURL
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        // The child's log lines join the server's; the last ones say why when it fails to start.
        let tail = LogTail()
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            FileHandle.standardError.write(data)
            tail.append(data)
        }
        process.terminationHandler = { _ in errors.fileHandleForReading.readabilityHandler = nil }
        try process.run()
        // The run is recorded within moments of the start; until then, watch for an early exit.
        for _ in 0..<600 {
            if let run = try await store.crawlRuns(page: PageRequest(limit: 20)).items.first(where: { $0.id > before && $0.source == words[0] }) {
                return .started(run: run.id)
            }
            if !process.isRunning {
                return process.terminationStatus == 75 ? .locked : .failed(tail.lastLine ?? "exit status \(process.terminationStatus)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return .failed("no run was recorded within a minute")
    }

    static func words(_ text: String) throws -> [String] {
        var words: [String] = [], word = "", quote: Character?
        var inWord = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw CrawlJobError("unclosed quote in --crawl-job \"\(text)\"") }
        if inWord { words.append(word) }
        return words
    }
}

struct CrawlJobError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The last line a child wrote, kept across the pipe's reads.
private final class LogTail: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ data: Data) {
        lock.withLock { text = String((text + String(decoding: data, as: UTF8.self)).suffix(2000)) }
    }

    var lastLine: String? {
        lock.withLock { text.split(separator: "\n").last.map(String.init) }
    }
}
