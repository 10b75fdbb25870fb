import Foundation
import Testing
import TesseraCore

/// The hand-written parser behind `JSONValue.parse` gives what Foundation's decoder gives, on every committed
/// JSON document and on the corner cases of RFC 8259.
@Suite struct JSONParserTests {
    static func decoded(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func encoded(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    @Test func everyCommittedDocumentParsesAsFoundationDecodesAndWritesAsItEncodes() throws {
        let root = FixtureFiles.here.deletingLastPathComponent().deletingLastPathComponent()
        var compared = 0
        for folder in ["Examples", "Tests/Fixtures", "Tests/TesseraCoreTests/Fixtures/ngff-suites", "Schemas"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL } ?? []
            for file in files where file.pathExtension == "json" || [".zattrs", ".zarray", ".zgroup"].contains(file.lastPathComponent) {
                let data = try Data(contentsOf: file)
                guard let expected = try? Self.decoded(data) else { continue }
                #expect(try JSONValue.parse(data) == expected, "\(file.path)")
                #expect(expected.jsonText == Self.encoded(expected), "\(file.path)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }

    @Test(arguments: [
        #"{"a": [1, -2, 3.5, -0.25, 1e3, 2.0, 1E-2, 12345678901234567890, -9223372036854775808], "b": {"c": null}}"#,
        #"["\u00e9\ud83d\ude00", "tab\tquote\"slash\/back\\", "\u0000", "", "plain é 日本"]"#,
        "[9223372036854775807, 9223372036854775808, -9223372036854775809, -1, 10, 0, -0]",
        #"  [true , false,null ]  "#, "0", "-0", "\"NaN\"", "[[[[[]]]]]", "{}",
        #"[0.1, 1.5e-7, 123456.789, -2.5e300, 3.141592653589793, "\u001f\b\f", {"z": 1, "a": 2, "é": 3, "B": 4}]"#,
    ])
    func cornerCasesParseAsFoundationDecodesThem(_ text: String) throws {
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value == (try Self.decoded(Data(text.utf8))))
        #expect(value.jsonText == Self.encoded(value))
    }

    @Test(arguments: [
        "", "{", "[01]", "[1.]", "[.5]", "[+1]", "tru", "nulll", "[1] 2", "{\"a\" 1}",
        "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "\"raw \u{01} control\"", "[\"\\u12\"]", "NaN", "[1e400]",
    ])
    func malformedDocumentsAreRefusedWithTheirFault(_ text: String) {
        #expect(throws: MetadataError.self) { try JSONValue.parse(Data(text.utf8)) }
        #expect((try? Self.decoded(Data(text.utf8))) == nil, "Foundation refuses it too")
    }

    /// Foundation's decoder lets trailing commas pass; RFC 8259 (and Python's json, zarr-python's parser) does not.
    @Test(arguments: ["[1,]", "{\"a\":1,}"])
    func trailingCommasAreRefusedAsRFC8259Says(_ text: String) {
        #expect(throws: MetadataError.self) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: MetadataError.self) { try JSONValue.parse(Data(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONValue.parse(Data(fine.utf8)) }
    }
}
