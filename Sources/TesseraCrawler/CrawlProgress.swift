import Foundation

/// Live counts of a running crawl, for a progress display; updated from many tasks at once.
public final class CrawlProgress: @unchecked Sendable {
    public struct Counts: Sendable {
        public var studiesTotal = 0
        public var studiesDone = 0
        public var objectsRead = 0
        public var errors = 0
        public var started = Date()
    }

    private let lock = NSLock()
    private var counts = Counts()

    public init() {}

    public var current: Counts { lock.withLock { counts } }

    func studiesFound(_ count: Int) { lock.withLock { counts.studiesTotal += count } }
    func studyDone() { lock.withLock { counts.studiesDone += 1 } }
    func read(_ objects: Int) { lock.withLock { counts.objectsRead += objects } }
    func failed(_ objects: Int) { lock.withLock { counts.errors += objects } }
}
