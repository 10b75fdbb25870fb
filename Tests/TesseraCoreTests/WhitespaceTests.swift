import Foundation
import Testing
import TesseraCore

/// The Swift trimming helpers remove exactly what Foundation's character sets name.
@Suite struct WhitespaceTests {
    static let blanks: [Unicode.Scalar] = ["\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}",
                                           "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}"]
    /// Look like space or break words but are not white space.
    static let others: [Unicode.Scalar] = ["\u{200B}", "\u{FEFF}", "\u{180E}", "\u{0}", "a", "é", "日"]

    static var samples: [String] {
        let all = blanks + others
        var texts = ["", "plain", " leading", "trailing\t", "\n\r both \u{3000}", "in ner", "  ", "e\u{301} ", " \u{1F600}"]
        for scalar in all {
            texts += ["\(scalar)x\(scalar)", "x\(scalar)", "\(scalar)", "\(scalar)\(scalar)y z\(scalar)"]
        }
        return texts
    }

    @Test func trimmingWhitespaceRemovesWhatWhitespacesAndNewlinesHolds() {
        for text in Self.samples {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
            #expect(text.dropFirst(0).trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func trimmingSpacesRemovesWhatWhitespacesHolds() {
        for text in Self.samples {
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
        }
    }
}
