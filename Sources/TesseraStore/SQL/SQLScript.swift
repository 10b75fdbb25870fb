import Foundation

/// Splits a SQL script into single statements (PostgresNIO sends one statement per query).
/// Semicolons inside quotes, quoted identifiers, comments and dollar-quoted bodies do not split.
public enum SQLScript {
    public static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var meaningful = false
        let characters = Array(script)
        var index = 0

        func finish() {
            let statement = current.trimmingWhitespace()
            if meaningful, !statement.isEmpty { statements.append(statement) }
            current = ""
            meaningful = false
        }

        /// Copies characters up to and including `terminator`, starting at `index`.
        func copy(until terminator: [Character]) {
            while index < characters.count {
                if Array(characters[index..<min(index + terminator.count, characters.count)]) == terminator {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(characters[index])
                index += 1
            }
        }

        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "-" where next == "-":
                copy(until: ["\n"])
            case "/" where next == "*":
                current.append("/*")
                index += 2
                copy(until: ["*", "/"])
            case "'", "\"":
                meaningful = true
                current.append(character)
                index += 1
                copy(until: [character])
            case "$":
                meaningful = true
                let tag = dollarTag(characters, at: index)
                if let tag {
                    current.append(contentsOf: tag)
                    index += tag.count
                    copy(until: tag)
                } else {
                    current.append(character)
                    index += 1
                }
            case ";":
                index += 1
                finish()
            default:
                if !character.isWhitespace { meaningful = true }
                current.append(character)
                index += 1
            }
        }
        finish()
        return statements
    }

    /// `$$` or `$name$` starting at `index`, if one does.
    private static func dollarTag(_ characters: [Character], at index: Int) -> [Character]? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        if end > index + 1, characters[index + 1].isNumber { return nil }
        return Array(characters[index...end])
    }
}
