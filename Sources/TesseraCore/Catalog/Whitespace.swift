extension StringProtocol {
    /// Without leading and trailing white space: what Foundation's `.whitespacesAndNewlines` holds, which is
    /// Unicode's White_Space and the zero-width space (a space separator in older Unicode). In Swift itself:
    /// Foundation trims through NSString, and trimming every annotation cell that way was a visible share of a
    /// crawl's CPU.
    public func trimmingWhitespace() -> String {
        trimming { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }

    /// Without leading and trailing spaces and tabs, line breaks kept: Foundation's `.whitespaces` (space
    /// separators, the tab and the zero-width space).
    public func trimmingSpaces() -> String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    private func trimming(_ isBlank: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
