import NIOConcurrencyHelpers
import NIOCore

/// A counting semaphore for async code: at most `limit` holders at once, waiters served first come, first served.
/// A lock rather than an actor: a permit taken and given back costs no task switches, and every request takes one.
final class AsyncLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters = CircularBuffer<CheckedContinuation<Void, Never>>()
    }

    private let state: NIOLockedValueBox<State>

    init(limit: Int) {
        state = NIOLockedValueBox(State(available: max(1, limit)))
    }

    func acquire() async {
        let granted = state.withLockedValue { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if granted { return }
        await withCheckedContinuation { continuation in
            // A permit may have come back between the two locks: take it rather than wait for another.
            let waiting = state.withLockedValue { state in
                guard state.available == 0 else {
                    state.available -= 1
                    return false
                }
                state.waiters.append(continuation)
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLockedValue { state in
            guard let next = state.waiters.popFirst() else {
                state.available += 1
                return nil as CheckedContinuation<Void, Never>?
            }
            return next
        }
        next?.resume()
    }

    func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}
