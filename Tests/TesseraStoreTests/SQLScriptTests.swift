import Testing
@testable import TesseraStore

@Suite struct SQLScriptTests {
    @Test func splitsOnlyOnStatementSemicolons() {
        let script = """
            -- a comment; not a statement
            CREATE TABLE a (x TEXT DEFAULT 'a;b');
            /* block; comment */ INSERT INTO a VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("CREATE TABLE a (x TEXT DEFAULT 'a;b')"))
        #expect(statements[1].hasSuffix("INSERT INTO a VALUES ('it''s; fine')"))
        #expect(statements[2].contains("$body$ SELECT 1; $body$"))
        #expect(statements[3] == "SELECT \"odd;name\" FROM a")
    }

    @Test func commentOnlyScriptsHaveNoStatements() {
        #expect(SQLScript.statements("-- nothing\n/* here */\n;\n").isEmpty)
    }

    @Test func placeholdersAreNumberedForPostgres() {
        let id = "x"
        let sql: SQL = "SELECT * FROM t WHERE a = \(id) AND b = \(Int64(2)) AND c IS \(Optional<String>.none)"
        #expect(sql.text == "SELECT * FROM t WHERE a = ? AND b = ? AND c IS ?")
        #expect(sql.numberedText == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c IS $3")
        #expect(sql.binds == [.text("x"), .int(2), .null])
    }

    @Test func insertsAreBatchedUnderTheBindLimitWithTwoStatementTexts() {
        let rows = (0..<10).map { [SQLValue.int(Int64($0)), .text("v\($0)")] }
        let statements = SQL.insert(into: "t", columns: ["a", "b"], rows: rows, maximumBinds: 8)
        #expect(statements.count == 4)
        #expect(statements[0].text == "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?), (?, ?)")
        #expect(statements[1].text == statements[0].text)
        #expect(statements[2].text == "INSERT INTO t (a, b) VALUES (?, ?)" && statements[3].text == statements[2].text)
        #expect(statements.flatMap(\.binds) == rows.flatMap { $0 })
        #expect(SQL.insert(into: "t", columns: ["a", "b"], rows: rows, rowsPerStatement: 3).map(\.binds.count) == [6, 6, 6, 2])
    }
}
