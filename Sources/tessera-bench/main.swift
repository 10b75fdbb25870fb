// In-process figures for bench/chunks.sh: how fast chunk keys and URLs are resolved for a region.
// Usage: tessera-bench [chunks-per-side]   (default 1000: a 1000 × 1000 chunk grid, 1,000,000 chunks)
import Foundation
import TesseraCore

let side = Int64(CommandLine.arguments.dropFirst().first.flatMap(Int64.init) ?? 1000)
let grid = ChunkGrid(shape: [1, side * 32, side * 32], chunkShape: [1, 32, 32], keys: ChunkKeyEncoding(name: .default, separator: "/"))
let base = "https://example.org/bucket/study/plate.ome.zarr/A/1/0/0/"
let clock = ContinuousClock()
var timings: [Double] = []
var checksum = 0
for _ in 0..<5 {
    let elapsed = clock.measure {
        for slice in grid.chunks(in: Region(shape: grid.shape)) {
            let url = base + slice.key
            checksum &+= url.utf8.count &+ Int(slice.selection[2].upperBound)
        }
    }
    timings.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
timings.sort()
print(#"{"chunks": \#(side * side), "best_seconds": \#(timings[0]), "median_seconds": \#(timings[2]), "checksum": \#(checksum)}"#)
