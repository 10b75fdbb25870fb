import NIOCore
import NIOHTTP1

/// One request at a time on a keep-alive connection: writes its head, gathers the answer's head and body, and
/// completes the request's promise — with the answer, or with why there is none (deadline passed, body too large,
/// connection closed before the answer ended). Everything happens on the channel's event loop.
final class HTTPExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    struct Exchange {
        var head: HTTPRequestHead
        var deadline: NIODeadline
        var promise: EventLoopPromise<Answer>
    }

    struct Answer {
        var head: HTTPResponseHead
        var body: ByteBuffer
    }

    enum Failure: Error, CustomStringConvertible {
        case timedOut
        case tooLarge(limit: Int)
        /// The connection ended before the answer did; `answered` tells whether any of the answer came.
        case closed(answered: Bool)

        var description: String {
            switch self {
            case .timedOut: return "no complete answer before the deadline"
            case .tooLarge(let limit): return "body larger than \(limit) bytes"
            case .closed(let answered): return answered ? "connection closed before the answer ended" : "connection closed without an answer"
            }
        }
    }

    private let maximumBody: Int
    private var promise: EventLoopPromise<Answer>?
    private var timeout: Scheduled<Void>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    init(maximumBody: Int) {
        self.maximumBody = maximumBody
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise written: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard promise == nil else {
            exchange.promise.fail(ChannelError.inappropriateOperationForState)
            return
        }
        promise = exchange.promise
        head = nil
        body = nil
        timeout = context.eventLoop.scheduleTask(deadline: exchange.deadline) { [weak self] in
            self?.finish(context: context, .failure(Failure.timedOut))
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard promise != nil else { return }
        switch unwrapInboundIn(data) {
        case .head(let answerHead):
            head = answerHead
        case .body(var part):
            if (body?.readableBytes ?? 0) + part.readableBytes > maximumBody {
                finish(context: context, .failure(Failure.tooLarge(limit: maximumBody)))
            } else if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let head else { return finish(context: context, .failure(Failure.closed(answered: false))) }
            finish(context: context, .success(Answer(head: head, body: body ?? ByteBuffer())), keepOpen: true)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, .failure(Failure.closed(answered: head != nil)))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(context: context, .failure(error))
    }

    /// Completes the pending request; a connection whose exchange did not end cleanly is closed, never reused.
    private func finish(context: ChannelHandlerContext, _ result: Result<Answer, Error>, keepOpen: Bool = false) {
        timeout?.cancel()
        timeout = nil
        let pending = promise
        promise = nil
        if !keepOpen { context.close(promise: nil) }
        pending?.completeWith(result)
    }
}
