import Testing
@testable import TesseraCore

@Suite struct ChunkGridTests {
    let grid = ChunkGrid(shape: [2, 100, 70], chunkShape: [1, 32, 32], keys: ChunkKeyEncoding(name: .default, separator: "/"))

    @Test func gridShapeRoundsUp() {
        #expect(grid.gridShape == [2, 4, 3])
        let oversized = ChunkGrid(shape: [16, 16], chunkShape: [128, 128], keys: ChunkKeyEncoding(name: .v2, separator: "."))
        #expect(oversized.gridShape == [1, 1])
        #expect(oversized.chunkCount(Region(shape: [16, 16])) == 1)
    }

    @Test func aRegionTouchesTheChunksItOverlapsInCOrder() {
        // Given a region straddling chunk borders on y and x
        let region = Region([1..<2, 30..<40, 60..<70])
        // When the chunks are listed
        let slices = Array(grid.chunks(in: region))
        // Then they are (1,0,1), (1,0,2), (1,1,1), (1,1,2), last axis fastest
        #expect(slices.map(\.key) == ["c/1/0/1", "c/1/0/2", "c/1/1/1", "c/1/1/2"])
        #expect(grid.chunkCount(region) == 4)
        // and each selection is the part of the region inside that chunk
        #expect(slices[0].selection == [0..<1, 30..<32, 28..<32])
        #expect(slices[3].selection == [0..<1, 0..<8, 0..<6])
    }

    @Test func edgeChunksAreCutByTheArrayBounds() {
        let last = Array(grid.chunks(in: Region(shape: grid.shape))).last
        #expect(last?.indices == [1, 3, 2])
        #expect(last?.origin == [1, 96, 64])
        #expect(last?.validExtent == [1, 4, 6])
        #expect(grid.chunkCount(Region(shape: grid.shape)) == 24)
    }

    @Test func zeroDimensionalArraysHaveOneChunk() {
        let scalar = ChunkGrid(shape: [], chunkShape: [], keys: ChunkKeyEncoding(name: .default, separator: "/"))
        #expect(Array(scalar.chunks(in: Region(shape: []))).map(\.key) == ["c"])
    }

    @Test func anEmptyRegionTouchesNothing() {
        #expect(Array(grid.chunks(in: Region([0..<1, 5..<5, 0..<70]))).isEmpty)
        #expect(grid.chunkCount(Region([0..<1, 5..<5, 0..<70])) == 0)
    }
}
