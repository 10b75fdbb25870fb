import Testing
@testable import TesseraCore

@Suite struct ChunkKeyEncodingTests {
    // The key table of the Zarr specs, for chunk (1, 23, 45).
    @Test(arguments: [
        (ChunkKeyEncoding(name: .v2, separator: "."), "1.23.45"),
        (ChunkKeyEncoding(name: .v2, separator: "/"), "1/23/45"),
        (ChunkKeyEncoding(name: .default, separator: "/"), "c/1/23/45"),
        (ChunkKeyEncoding(name: .default, separator: "."), "c.1.23.45"),
    ])
    func keysFollowTheSpecTable(encoding: ChunkKeyEncoding, expected: String) {
        #expect(encoding.key([1, 23, 45]) == expected)
    }

    @Test func zeroDimensionalArraysHaveASingleKey() {
        #expect(ChunkKeyEncoding(name: .default, separator: "/").key([]) == "c")
        #expect(ChunkKeyEncoding(name: .v2, separator: ".").key([]) == "0")
    }

    @Test func templatesNameTheAxes() {
        #expect(ChunkKeyEncoding(name: .default, separator: "/").template(axisNames: ["c", "y", "x"]) == "c/{c}/{y}/{x}")
        #expect(ChunkKeyEncoding(name: .v2, separator: ".").template(axisNames: ["t", "c", "z", "y", "x"]) == "{t}.{c}.{z}.{y}.{x}")
    }
}
