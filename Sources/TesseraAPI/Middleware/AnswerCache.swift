import Hummingbird
import Synchronization

/// Answers already rendered, by question and catalog version: between crawls a repeated question (a notebook
/// re-run, a dashboard, an export of the same page) costs one version read instead of its queries. A new version
/// makes every older entry unreachable; entries leave oldest first once `capacity` bytes are held.
final class AnswerCache: Sendable {
    struct Answer: Sendable {
        let headers: HTTPFields
        let body: ByteBuffer
    }

    let capacity: Int
    /// Larger answers are not kept: they would push out many small ones.
    static let largestAnswer = 1024 * 1024
    private let state = Mutex(State())

    private struct State {
        var answers: [String: Answer] = [:]
        var order: [String] = []
        var oldest = 0
        var size = 0
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    func answer(_ key: String) -> Answer? {
        state.withLock { $0.answers[key] }
    }

    func keep(_ answer: Answer, for key: String) {
        let size = answer.body.readableBytes + key.utf8.count
        guard size <= min(capacity, Self.largestAnswer) else { return }
        state.withLock { state in
            guard state.answers.updateValue(answer, forKey: key) == nil else { return }
            state.order.append(key)
            state.size += size
            while state.size > capacity, state.oldest < state.order.count {
                let evicted = state.order[state.oldest]
                state.oldest += 1
                if let gone = state.answers.removeValue(forKey: evicted) { state.size -= gone.body.readableBytes + evicted.utf8.count }
            }
            if state.oldest > 4096, state.oldest * 2 > state.order.count {
                state.order.removeFirst(state.oldest)
                state.oldest = 0
            }
        }
    }
}

/// Collects a response body written to it, so a rendered answer can be kept and sent.
private final class BodyCollector: @unchecked Sendable, ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension AnswerCache {
    /// The answer `respond` gives, kept under `key` when it is a complete 200 small enough to keep.
    func answer(_ key: String, _ respond: () async throws -> Response) async throws -> Response {
        if let kept = answer(key) {
            return Response(status: .ok, headers: kept.headers, body: .init(byteBuffer: kept.body))
        }
        let response = try await respond()
        guard response.status == .ok, let length = response.body.contentLength, length <= Self.largestAnswer else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        keep(Answer(headers: response.headers, body: collector.buffer), for: key)
        return Response(status: .ok, headers: response.headers, body: .init(byteBuffer: collector.buffer))
    }
}
