import TesseraCore

/// Reads objects ahead of a crawler that asks for them one at a time: in the order given (`ReadingOrder`), at
/// most `window` ahead of the furthest object taken, so memory stays bounded however large the study. An object
/// asked for out of turn is simply fetched; one passed by more than a window is dropped unread.
actor Prefetcher {
    private let source: ObjectSource
    private let keys: [String]
    private let position: [String: Int]
    private let window: Int
    private var pending: [String: Task<StoredObject?, Error>] = [:]
    private var launched = 0
    private var dropped = 0
    private var taken = 0

    init(source: ObjectSource, keys: [String], window: Int) {
        self.source = source
        self.keys = keys
        self.window = max(1, window)
        position = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func get(_ key: String) async throws -> StoredObject? {
        if let index = position[key] { taken = max(taken, index + 1) }
        // Advancing first launches the key itself when it was not read ahead yet, rather than reading it twice.
        advance()
        if let task = pending.removeValue(forKey: key) { return try await task.value }
        return try await source.get(key)
    }

    /// Stops every read still in flight; the crawl of the study is over.
    func cancel() {
        for task in pending.values { task.cancel() }
        pending = [:]
    }

    private func advance() {
        while dropped + window < taken {
            pending.removeValue(forKey: keys[dropped])?.cancel()
            dropped += 1
        }
        launched = max(launched, dropped)
        while launched < keys.count, launched < taken + window {
            let key = keys[launched]
            let source = source
            pending[key] = Task { try await source.get(key) }
            launched += 1
        }
    }
}
