/// What went wrong talking to an object store, in words an operator can act on.
public enum S3Error: Error, CustomStringConvertible {
    case configuration(String)
    /// The store answered with an error status, and its `<Error>` body when it sent one.
    case status(request: String, status: Int, code: String?, message: String?)
    case malformed(String)

    /// Throttling and server errors that outlasted the retries may pass; refusals and missing objects will not.
    public var isTransient: Bool {
        if case .status(_, let status, _, _) = self { return RetryPolicy.isRetryable(status: status) }
        return false
    }

    public var description: String {
        switch self {
        case .configuration(let message): return message
        case .malformed(let message): return "unreadable answer from the object store: \(message)"
        case .status(let request, let status, let code, let message):
            let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
            return "\(request) answered HTTP \(status)" + (detail.isEmpty ? "" : " (\(detail))") + Self.hint(code: code, status: status)
        }
    }

    private static func hint(code: String?, status: Int) -> String {
        switch (code, status) {
        case ("SignatureDoesNotMatch", _): return "; check the secret key and the region"
        case ("InvalidAccessKeyId", _): return "; the access key is unknown to this endpoint"
        case ("AccessDenied", _), (nil, 403): return "; for a public bucket try --no-sign-request, else check the credentials"
        case ("NoSuchBucket", _): return "; check the bucket name and the endpoint"
        case ("PermanentRedirect", _), ("AuthorizationHeaderMalformed", _): return "; the bucket lives in another region: set --region"
        default: return ""
        }
    }
}
