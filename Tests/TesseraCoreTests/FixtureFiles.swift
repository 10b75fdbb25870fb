import Foundation
import TesseraCore

/// Committed files the core tests read: the spec's examples and conformance suites here, the example studies at the repository root.
enum FixtureFiles {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let examples = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
    /// Six real IDR studies' curation files (Tests/Fixtures/idr).
    static let idr = here.deletingLastPathComponent().appendingPathComponent("Fixtures/idr")

    /// A spec example; `//` comment lines are dropped first, as the spec's own test runner does.
    static func specExample(_ version: String, _ path: String) throws -> JSONValue {
        let text = try String(contentsOf: here.appendingPathComponent("Fixtures/ngff-examples/\(version)/\(path)"), encoding: .utf8)
        let strict = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            .joined(separator: "\n")
        return try JSONValue.parse(Data(strict.utf8))
    }

    /// One of the spec's conformance suites, e.g. `ngffSuite("0.5", "strict_plate")`.
    static func ngffSuite(_ version: String, _ name: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: here.appendingPathComponent("Fixtures/ngff-suites/\(version)/\(name)_suite.json")))
    }

    static func example(_ path: String) throws -> Data {
        try Data(contentsOf: examples.appendingPathComponent(path))
    }

    static func idrText(_ path: String) throws -> String {
        try String(contentsOf: idr.appendingPathComponent(path), encoding: .utf8)
    }

    static func exampleText(_ path: String) throws -> String {
        String(decoding: try example(path), as: UTF8.self)
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }
}
