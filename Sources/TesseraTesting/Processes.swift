import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `tessera` executable, as a user would.
public struct TesseraProcess {
    /// `tessera` is built next to the test bundle (`swift build --build-tests` builds every product).
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tessera")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/tessera")
    }

    public let process = Process()
    public let output: URL
    public let errors: URL

    /// Starts `tessera arguments…` in `directory` with extra environment variables; output goes to files.
    public init(_ arguments: [String], in directory: URL = Fixtures.repositoryRoot, environment: [String: String] = [:]) throws {
        let folder = try Fixtures.temporaryFolder("tessera-process")
        output = folder.appendingPathComponent("stdout")
        errors = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
    }

    /// Runs to completion and returns the exit status.
    public static func run(_ arguments: [String], in directory: URL = Fixtures.repositoryRoot,
                           environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let running = try TesseraProcess(arguments, in: directory, environment: environment)
        let status = try await running.wait(timeout: 120)
        return (status, running.stdout, running.stderr)
    }

    public var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// Waits for the process to exit; a process still running after `timeout` seconds is killed and reported.
    public func wait(timeout: Double) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw ProcessTimeout(arguments: process.arguments ?? [])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Asks the process to stop as an operator would (SIGINT, Ctrl-C).
    public func interrupt() {
        process.interrupt()
    }
}

public struct ProcessTimeout: Error, CustomStringConvertible {
    public let arguments: [String]
    public var description: String { "tessera \(arguments.joined(separator: " ")) did not finish in time" }
}

public enum Ports {
    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func free() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw ProcessTimeout(arguments: ["(no free port)"]) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
