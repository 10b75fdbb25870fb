import Foundation

/// Tests/support/fault_proxy.py in front of an upstream server: forwards requests byte for byte and replaces a
/// seeded share of the answers by transient faults (5xx, 429, SlowDown, resets, truncated bodies, stalls).
public final class FaultProxy: @unchecked Sendable {
    public let port: Int
    private let process = Process()
    private let errors: URL

    public init(upstream: String, faultRate: Double, seed: Int = 7, stallSeconds: Double = 3, extra: [String] = []) throws {
        let authority = URL(string: upstream).map { "\($0.host ?? "127.0.0.1"):\($0.port ?? 80)" } ?? upstream
        let folder = try Fixtures.temporaryFolder("tessera-proxy")
        errors = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("Tests/support/fault_proxy.py").path,
                             "--upstream", authority, "--fault-rate", String(faultRate), "--seed", String(seed),
                             "--stall-seconds", String(stallSeconds)] + extra
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        // The proxy prints `listening PORT` once it accepts connections.
        let line = String(decoding: output.fileHandleForReading.availableLine(), as: UTF8.self)
        guard line.hasPrefix("listening "), let port = Int(line.dropFirst("listening ".count)) else {
            process.terminate()
            throw S3TestServerError("the fault proxy did not start: \(line)")
        }
        self.port = port
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Stops the proxy and returns how many faults it injected.
    @discardableResult
    public func stop() -> Int {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let summary = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        // "faults injected: N of M requests"
        guard let range = summary.range(of: "faults injected: ") else { return 0 }
        return Int(summary[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

extension FileHandle {
    /// Bytes up to the first newline (or the end of the stream), read one at a time so nothing after it is consumed.
    func availableLine() -> Data {
        var line = Data()
        while let byte = try? read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        return line
    }
}
