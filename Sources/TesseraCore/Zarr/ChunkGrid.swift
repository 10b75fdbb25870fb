/// A regular chunk grid over an array, and the chunk arithmetic for regions of it.
public struct ChunkGrid: Sendable, Hashable {
    public let shape: [Int64]
    public let chunkShape: [Int64]
    public let keys: ChunkKeyEncoding

    public init(shape: [Int64], chunkShape: [Int64], keys: ChunkKeyEncoding) {
        precondition(shape.count == chunkShape.count, "shape and chunk shape must have the same rank")
        self.shape = shape
        self.chunkShape = chunkShape
        self.keys = keys
    }

    /// Chunks per dimension: `ceil(shape / chunk)`.
    public var gridShape: [Int64] {
        zip(shape, chunkShape).map { size, chunk in (size + chunk - 1) / chunk }
    }

    /// The chunk index range `[first, last]` per dimension that a (clamped, non-empty) region touches.
    func chunkRanges(_ region: Region) -> [ClosedRange<Int64>] {
        zip(region.ranges, chunkShape).map { range, chunk in
            (range.lowerBound / chunk)...((range.upperBound - 1) / chunk)
        }
    }

    /// How many chunks the region touches; 0 for an empty region.
    public func chunkCount(_ region: Region) -> Int64 {
        if region.isEmpty { return 0 }
        // Saturates rather than wraps: a count past Int64 is "too many", never a small number.
        return chunkRanges(region).reduce(Int64(1)) { count, range in
            let product = count.multipliedReportingOverflow(by: range.upperBound - range.lowerBound + 1)
            return product.overflow ? .max : product.partialValue
        }
    }

    /// The chunks the region touches, in C order (last dimension fastest), made one at a time.
    public func chunks(in region: Region) -> ChunkSequence {
        ChunkSequence(grid: self, region: region)
    }

    /// The chunk at `indices`: its key, where it sits in the array, and which part of it the region needs.
    func slice(at indices: [Int64], region: Region) -> ChunkSlice {
        var origin: [Int64] = []
        var extent: [Int64] = []
        var selection: [Range<Int64>] = []
        origin.reserveCapacity(indices.count)
        extent.reserveCapacity(indices.count)
        selection.reserveCapacity(indices.count)
        for dimension in indices.indices {
            let start = indices[dimension] * chunkShape[dimension]
            let valid = min(chunkShape[dimension], shape[dimension] - start)
            let wanted = region.ranges[dimension]
            origin.append(start)
            extent.append(valid)
            selection.append((max(wanted.lowerBound, start) - start)..<(min(wanted.upperBound, start + valid) - start))
        }
        return ChunkSlice(indices: indices, key: keys.key(indices), origin: origin, validExtent: extent, selection: selection)
    }
}

/// The chunks of a region, lazily: listing a million chunks holds one at a time.
public struct ChunkSequence: Sequence, Sendable {
    let grid: ChunkGrid
    let region: Region

    public struct Iterator: IteratorProtocol {
        let grid: ChunkGrid
        let region: Region
        let ranges: [ClosedRange<Int64>]
        var indices: [Int64]?

        public mutating func next() -> ChunkSlice? {
            guard let current = indices else { return nil }
            let slice = grid.slice(at: current, region: region)
            // Advance like an odometer, last dimension fastest; past the last chunk, stop.
            var advanced = current
            var dimension = advanced.count - 1
            while dimension >= 0 {
                if advanced[dimension] < ranges[dimension].upperBound {
                    advanced[dimension] += 1
                    break
                }
                advanced[dimension] = ranges[dimension].lowerBound
                dimension -= 1
            }
            indices = dimension < 0 ? nil : advanced
            return slice
        }
    }

    public func makeIterator() -> Iterator {
        let ranges = region.isEmpty ? [] : grid.chunkRanges(region)
        return Iterator(grid: grid, region: region, ranges: ranges, indices: region.isEmpty ? nil : ranges.map(\.lowerBound))
    }
}

/// One chunk touched by a region.
public struct ChunkSlice: Sendable, Hashable {
    public let indices: [Int64]
    /// The object key relative to the array's prefix.
    public let key: String
    /// The array index of the chunk's first element.
    public let origin: [Int64]
    /// The part of the chunk inside the array (edge chunks are cut by the array bounds).
    public let validExtent: [Int64]
    /// The half-open sub-box of this chunk that lies inside the requested region.
    public let selection: [Range<Int64>]
}

/// A half-open box in an array's index space.
public struct Region: Sendable, Hashable {
    public let ranges: [Range<Int64>]

    public init(_ ranges: [Range<Int64>]) {
        self.ranges = ranges
    }

    /// The whole array.
    public init(shape: [Int64]) {
        self.ranges = shape.map { 0..<$0 }
    }

    public var isEmpty: Bool { ranges.contains { $0.isEmpty } }
}
