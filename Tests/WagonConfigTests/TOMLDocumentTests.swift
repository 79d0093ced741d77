import Testing
@testable import WagonConfig

/// A TOML text and what it must parse to, written by hand from the TOML 1.0
/// specification (most examples are the specification's own).
struct ValidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var expected: String
    var testDescription: String { name }
}

/// A TOML text and the exact error lines it must give.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var errors: [String]
    var testDescription: String { name }
}

let validCases: [ValidCase] = [
    .init(name: "empty document", toml: "", expected: "{}"),
    .init(name: "comments and blank lines", toml: "# c\n\n  # indented\na = 'x' # trailing\n", expected: #"{a = "x"}"#),
    .init(name: "tabs as blanks", toml: "a\t=\t1\t# c", expected: "{a = 1}"),
    .init(name: "byte-order mark", toml: "\u{FEFF}a = 1", expected: "{a = 1}"),
    .init(name: "comment with any text", toml: "# ünïcode\t and \"quotes\"\na = 1", expected: "{a = 1}"),
    .init(name: "bare keys", toml: "bare_key-1 = 1\n1234 = 2\nA = 3", expected: "{bare_key-1 = 1, 1234 = 2, A = 3}"),
    .init(name: "quoted keys", toml: "\"key with space\" = 1\n'literal.key' = 2\n\"\" = 3\n\"ʎǝʞ\" = 4",
          expected: #"{"key with space" = 1, "literal.key" = 2, "" = 3, "ʎǝʞ" = 4}"#),
    .init(name: "dotted keys", toml: "a.b.c = 1\na.d = 2", expected: "{a = {b = {c = 1}, d = 2}}"),
    .init(name: "blanks around dots", toml: #"a . "b c" . d = true"#, expected: #"{a = {"b c" = {d = true}}}"#),
    .init(name: "a float-looking key is two keys", toml: #"3.14 = "pi""#, expected: #"{3 = {14 = "pi"}}"#),
    .init(name: "basic string escapes", toml: #"s = "\b\t\n\f\r\"\\""#, expected: #"{s = "\u0008\t\n\u000C\u000D\"\\"}"#),
    .init(name: "unicode escapes", toml: #"s = "\u00E9\U0001F600""#, expected: #"{s = "é😀"}"#),
    .init(name: "hash inside a string", toml: "s = \"# not a comment\" # a comment", expected: ##"{s = "# not a comment"}"##),
    .init(name: "literal string", toml: #"s = 'C:\Users\x'"#, expected: #"{s = "C:\\Users\\x"}"#),
    .init(name: "multi-line basic string", toml: "s = \"\"\"\nRoses\nViolets\"\"\"", expected: #"{s = "Roses\nViolets"}"#),
    .init(name: "line-ending backslash", toml: "s = \"\"\"\nThe quick \\\n\n   brown \\   \n fox\"\"\"",
          expected: #"{s = "The quick brown fox"}"#),
    .init(name: "quotes before the closing delimiter", toml: "a = \"\"\"x\"\"\"\"\nb = \"\"\"y\"\"\"\"\"\nc = \"\"\"say \"\"hi\"\"\"\"\"",
          expected: #"{a = "x\"", b = "y\"\"", c = "say \"\"hi\"\""}"#),
    .init(name: "multi-line literal string", toml: "s = '''\nraw \\n text\n'''\nt = '''it''s'''\nu = '''x'''''",
          expected: #"{s = "raw \\n text\n", t = "it''s", u = "x''"}"#),
    .init(name: "CRLF line breaks", toml: "s = \"\"\"\r\na\r\nb\"\"\"\r\nt = 1\r\n", expected: #"{s = "a\nb", t = 1}"#),
    .init(name: "integers", toml: """
        a = +99
        b = -17
        c = 0
        d = 1_000
        e = 0xDEADBEEF
        f = 0xdead_beef
        g = 0o755
        h = 0b1101_0110
        i = -0
        j = +0
        """, expected: "{a = 99, b = -17, c = 0, d = 1000, e = 3735928559, f = 3735928559, g = 493, h = 214, i = 0, j = 0}"),
    .init(name: "64-bit integer limits", toml: "max = 9223372036854775807\nmin = -9223372036854775808\nhex = 0x7FFFFFFFFFFFFFFF",
          expected: "{max = 9223372036854775807, min = -9223372036854775808, hex = 9223372036854775807}"),
    .init(name: "floats", toml: """
        a = +1.0
        b = 3.1415
        c = -0.01
        d = 5e+22
        e = 1e06
        f = -2E-2
        g = 6.626e-34
        h = 224_617.445_991_228
        m = 0.0
        n = -0.0
        """, expected: "{a = 1.0, b = 3.1415, c = -0.01, d = 5e+22, e = 1000000.0, f = -0.02, g = 6.626e-34, "
            + "h = 224617.445991228, m = 0.0, n = -0.0}"),
    .init(name: "infinity and not-a-number", toml: "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
          expected: "{a = inf, b = inf, c = -inf, d = nan, e = nan, f = nan}"),
    .init(name: "booleans", toml: "t = true\nf = false", expected: "{t = true, f = false}"),
    .init(name: "dates and times", toml: """
        odt1 = 1979-05-27T07:32:00Z
        odt2 = 1979-05-27T00:32:00-07:00
        odt3 = 1979-05-27T00:32:00.999999+05:30
        odt4 = 1979-05-27 07:32:00Z
        ldt = 1979-05-27T07:32:00
        ld = 1979-05-27
        lt = 00:32:00.999999
        lower = 1979-05-27t07:32:00z
        leap = 2024-02-29
        """, expected: "{odt1 = 1979-05-27T07:32:00Z, odt2 = 1979-05-27T00:32:00-07:00, "
            + "odt3 = 1979-05-27T00:32:00.999999+05:30, odt4 = 1979-05-27T07:32:00Z, ldt = 1979-05-27T07:32:00, "
            + "ld = 1979-05-27, lt = 00:32:00.999999, lower = 1979-05-27T07:32:00Z, leap = 2024-02-29}"),
    .init(name: "arrays", toml: """
        a = [1, 2, 3]
        b = ["red", 'yellow']
        c = [[1, 2], ["a", 'b']]
        d = [0.1, 1, "mixed"]
        e = []
        f = [
          1,
          2, # two
        ]
        """, expected: #"{a = [1, 2, 3], b = ["red", "yellow"], c = [[1, 2], ["a", "b"]], d = [0.1, 1, "mixed"], e = [], f = [1, 2]}"#),
    .init(name: "inline tables", toml: """
        name = { first = "Tom", last = "Preston-Werner" }
        point = {x=1, y=2}
        animal = { type.name = "pug" }
        empty = {}
        points = [ { x = 1 }, { x = 2 } ]
        """, expected: #"{name = {first = "Tom", last = "Preston-Werner"}, point = {x = 1, y = 2}, animal = {type = {name = "pug"}}, empty = {}, points = [{x = 1}, {x = 2}]}"#),
    .init(name: "tables", toml: "[table-1]\nkey1 = \"some string\"\n[table-2]\nkey1 = 456",
          expected: #"{table-1 = {key1 = "some string"}, table-2 = {key1 = 456}}"#),
    .init(name: "header with blanks and quoted parts", toml: "[ j . \"ʞ\" . 'l' ]\nk = 1", expected: #"{j = {"ʞ" = {l = {k = 1}}}}"#),
    .init(name: "super-table defined after its sub-table", toml: "[x.y.z.w]\n[x]\na = 1", expected: "{x = {y = {z = {w = {}}}, a = 1}}"),
    .init(name: "sub-table of a dotted-key table", toml: """
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true
        [fruit.apple.texture]
        smooth = true
        """, expected: #"{fruit = {apple = {color = "red", taste = {sweet = true}, texture = {smooth = true}}}}"#),
    .init(name: "array of tables", toml: "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"",
          expected: #"{products = [{name = "Hammer"}, {}, {name = "Nail"}]}"#),
    .init(name: "nested arrays of tables", toml: """
        [[fruits]]
        name = "apple"
        [fruits.physical]
        color = "red"
        [[fruits.varieties]]
        name = "red delicious"
        [[fruits.varieties]]
        name = "granny smith"
        [[fruits]]
        name = "banana"
        [[fruits.varieties]]
        name = "plantain"
        """, expected: #"{fruits = [{name = "apple", physical = {color = "red"}, varieties = [{name = "red delicious"}, {name = "granny smith"}]}, {name = "banana", varieties = [{name = "plantain"}]}]}"#),
    .init(name: "deep but allowed nesting", toml: "a = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60),
          expected: "{a = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "}"),
]

let invalidCases: [InvalidCase] = [
    .init(name: "duplicate key", toml: "a = 1\na = 2", errors: ["test.toml:2: duplicate key 'a' (first at line 1)"]),
    .init(name: "duplicate dotted key", toml: "a.b = 1\na.b = 2", errors: ["test.toml:2: duplicate key 'a.b' (first at line 1)"]),
    .init(name: "table defined twice", toml: "[a]\nb = 1\n[a]\nc = 2", errors: ["test.toml:3: table [a] is defined twice (first at line 1)"]),
    .init(name: "header for a dotted-key table", toml: "a.b = 1\n[a]",
          errors: ["test.toml:2: table [a] was already made by dotted keys at line 1"]),
    .init(name: "header for a nested dotted-key table", toml: "[fruit]\napple.color = \"red\"\n[fruit.apple]",
          errors: ["test.toml:3: table [fruit.apple] was already made by dotted keys at line 2"]),
    .init(name: "dotted keys into a header's table", toml: "[a.b.c]\nz = 9\n[a]\nb.c.t = 1",
          errors: ["test.toml:4: table 'b' is defined at line 1; dotted keys cannot add to it"]),
    .init(name: "dotted key through a value", toml: "a = 1\na.b = 2",
          errors: ["test.toml:2: 'a' is already a value (line 1); it cannot hold more keys"]),
    .init(name: "dotted key into an inline table", toml: "a = {x = 1}\na.y = 2",
          errors: ["test.toml:2: 'a' is already an inline table (line 1); it cannot hold more keys"]),
    .init(name: "header into an inline table", toml: "a = {x = 1}\n[a.b]",
          errors: ["test.toml:2: [a.b]: 'a' is already an inline table (line 1)"]),
    .init(name: "array of tables over a static array", toml: "a = [1]\n[[a]]", errors: ["test.toml:2: [[a]]: 'a' is already a value (line 1)"]),
    .init(name: "table over an array of tables", toml: "[[a]]\n[a]",
          errors: ["test.toml:2: [a]: 'a' is an array of tables (line 1); write [[a]] to add one"]),
    .init(name: "array of tables over a table", toml: "[a]\n[[a]]",
          errors: ["test.toml:2: [[a]]: 'a' is a table (line 1), not an array of tables"]),
    .init(name: "unterminated basic string", toml: "a = \"abc\nb = 1",
          errors: [#"test.toml:1: unterminated string: no closing '"' on its line (""" starts a multi-line string)"#]),
    .init(name: "unterminated literal string", toml: "a = 'abc",
          errors: [#"test.toml:1: unterminated string: no closing "'" on its line (''' starts a multi-line string)"#]),
    .init(name: "unterminated multi-line string", toml: "a = \"\"\"abc\n\nb = 1",
          errors: [#"test.toml:1: unterminated multi-line string: no closing """ before the end of the file"#]),
    .init(name: "six quotes in a multi-line string", toml: "a = \"\"\"x\"\"\"\"\"\"",
          errors: ["test.toml:1: 6 quotes in a row in a multi-line string (at most two may end it)"]),
    .init(name: "invalid escape", toml: #"a = "\x41""#,
          errors: [#"test.toml:1: invalid escape \x (TOML has \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#]),
    .init(name: "escape of a space", toml: #"a = "x\ y""#,
          errors: [#"test.toml:1: invalid escape '\' followed by ' ' (TOML has \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)"#]),
    .init(name: "surrogate escape", toml: #"a = "\uD800""#, errors: [#"test.toml:1: \uD800 is not a Unicode scalar value"#]),
    .init(name: "short unicode escape", toml: #"a = "\u12""#, errors: [#"test.toml:1: \u needs 4 hexadecimal digits"#]),
    .init(name: "control character in a string", toml: "a = \"x\u{01}\"",
          errors: [#"test.toml:1: control character U+0001 in a string (write it as an escape such as \u0001)"#]),
    .init(name: "control character in a comment", toml: "a = 1 # x\u{7F}", errors: ["test.toml:1: control character U+007F in a comment"]),
    .init(name: "lone carriage return", toml: "a = 1\rb = 2", errors: ["test.toml:1: a carriage return must be followed by a line feed"]),
    .init(name: "invalid UTF-8", toml: "a = 1\nb = \"\u{FFFD}\"", errors: ["test.toml:2: invalid UTF-8 (TOML files are UTF-8 text)"]),
    .init(name: "junk after a value", toml: "a = 1 2", errors: ["test.toml:1: unexpected '2' after the value"]),
    .init(name: "junk after a boolean", toml: "a = truex", errors: ["test.toml:1: expected a value, found 'truex' (strings need quotes)"]),
    .init(name: "junk after a header", toml: "a = 1\n[t] x", errors: ["test.toml:2: unexpected 'x' after the table header"]),
    .init(name: "no value at the end of the file", toml: "a = ", errors: ["test.toml:1: expected a value, found the end of the file"]),
    .init(name: "no value at the end of the line", toml: "a =\nb = 1", errors: ["test.toml:1: expected a value, found the end of the line"]),
    .init(name: "unquoted string", toml: "site = khasan", errors: ["test.toml:1: expected a value, found 'khasan' (strings need quotes)"]),
    .init(name: "no key", toml: "= 1", errors: ["test.toml:1: expected a key, found '='"]),
    .init(name: "no equals sign", toml: "a 1", errors: ["test.toml:1: expected '=' after the key 'a', found '1'"]),
    .init(name: "multi-line string as a key", toml: "\"\"\"k\"\"\" = 1", errors: ["test.toml:1: a key cannot be a multi-line string"]),
    .init(name: "leading zero", toml: "a = 01", errors: ["test.toml:1: '01': leading zeros are not allowed"]),
    .init(name: "leading zero in a float", toml: "a = 03.14", errors: ["test.toml:1: '03.14': leading zeros are not allowed"]),
    .init(name: "double underscore", toml: "a = 1__0", errors: ["test.toml:1: '1__0': '_' must stand between digits"]),
    .init(name: "trailing underscore", toml: "a = 1_", errors: ["test.toml:1: '1_': '_' must stand between digits"]),
    .init(name: "integer too large", toml: "a = 9223372036854775808",
          errors: ["test.toml:1: '9223372036854775808' does not fit in a 64-bit integer"]),
    .init(name: "negative integer too large", toml: "a = -9223372036854775809",
          errors: ["test.toml:1: '-9223372036854775809' does not fit in a 64-bit integer"]),
    .init(name: "hexadecimal too large", toml: "a = 0xFFFFFFFFFFFFFFFF",
          errors: ["test.toml:1: '0xFFFFFFFFFFFFFFFF' does not fit in a 64-bit integer"]),
    .init(name: "signed hexadecimal", toml: "a = -0x1",
          errors: ["test.toml:1: '-0x1': hexadecimal, octal and binary integers take no sign"]),
    .init(name: "octal digit 8", toml: "a = 0o8", errors: ["test.toml:1: invalid number '0o8'"]),
    .init(name: "float without fraction digits", toml: "a = 1.", errors: ["test.toml:1: invalid number '1.'"]),
    .init(name: "float without integer part", toml: "a = .5", errors: ["test.toml:1: expected a value, found '.5'"]),
    .init(name: "exponent without digits", toml: "a = 1e", errors: ["test.toml:1: invalid number '1e'"]),
    .init(name: "float too large", toml: "a = 1e400", errors: ["test.toml:1: '1e400' is too large for a 64-bit float"]),
    .init(name: "no such date", toml: "a = 1979-02-29", errors: ["test.toml:1: no such date: 1979-02-29"]),
    .init(name: "no such time", toml: "a = 1979-05-27T25:00:00", errors: ["test.toml:1: no such time: 1979-05-27T25:00:00"]),
    .init(name: "time without seconds", toml: "a = 07:32",
          errors: ["test.toml:1: invalid time: seconds are required (RFC 3339: 1979-05-27T07:32:00Z)"]),
    .init(name: "unclosed array", toml: "a = [1, 2", errors: ["test.toml:1: the array opened here is never closed with ']'"]),
    .init(name: "array without comma", toml: "a = [1 2]", errors: ["test.toml:1: expected ',' or ']' in the array, found '2'"]),
    .init(name: "array with only a comma", toml: "a = [,]", errors: ["test.toml:1: expected a value, found ','"]),
    .init(name: "trailing comma in an inline table", toml: "a = {x = 1,}",
          errors: ["test.toml:1: no comma may follow the last key of an inline table"]),
    .init(name: "line break in an inline table", toml: "a = {x = 1\n}",
          errors: ["test.toml:1: an inline table must be on one line (use a [table] for more)"]),
    .init(name: "duplicate key in an inline table", toml: "a = {x = 1, x = 2}", errors: ["test.toml:1: duplicate key 'x' (first at line 1)"]),
    .init(name: "unclosed header", toml: "[a", errors: ["test.toml:1: expected ']' to close the table header, found the end of the file"]),
    .init(name: "unclosed array-of-tables header", toml: "[[a]",
          errors: ["test.toml:1: expected ']]' to close the array-of-tables header, found the end of the file"]),
    .init(name: "empty header", toml: "[]", errors: ["test.toml:1: expected a key, found ']'"]),
    .init(name: "several redefinitions, one run", toml: "a = 1\na = 2\n[t]\n[t]\nb = 1\nb = 2", errors: [
        "test.toml:2: duplicate key 'a' (first at line 1)",
        "test.toml:4: table [t] is defined twice (first at line 3)",
        "test.toml:6: duplicate key 'b' (first at line 5)",
    ]),
    .init(name: "a syntax error after a redefinition", toml: "a = 1\na = 2\nb = ", errors: [
        "test.toml:2: duplicate key 'a' (first at line 1)",
        "test.toml:3: expected a value, found the end of the file",
    ]),
    .init(name: "nesting too deep", toml: "a = " + String(repeating: "[", count: 100),
          errors: ["test.toml:1: arrays and tables nested deeper than 64 levels"]),
    .init(name: "key with too many parts", toml: Array(repeating: "k", count: 65).joined(separator: ".") + " = 1",
          errors: ["test.toml:1: a key with more than 64 parts"]),
]

@Suite struct TOMLDocumentTests {
    @Test(arguments: validCases) func validDocumentParsesToWhatTheSpecificationSays(_ test: ValidCase) throws {
        let document = try parse(test.toml)
        #expect(render(document) == test.expected)
    }

    @Test(arguments: invalidCases) func invalidDocumentGivesItsErrorsWithFileAndLine(_ test: InvalidCase) {
        // The invalid-UTF-8 case stands for a real 0xFF byte.
        let bytes = test.name == "invalid UTF-8" ? Array("a = 1\nb = \"".utf8) + [0xFF, 0x22] : Array(test.toml.utf8)
        do {
            _ = try TOMLDocument(parsing: bytes, path: "test.toml")
            Issue.record("parsed")
        } catch {
            #expect(error.map(\.description) == test.errors)
        }
    }

    @Test func keysAndValuesCarryTheirLineAndColumn() throws {
        let document = try parse("""

              key = "v" # c
            [t]
              "x" = [1,
              2]
            "é" = 1
            """)
        let key = try #require(document.root["key"])
        #expect(key.keyPosition == SourcePosition(line: 2, column: 3))
        #expect(key.node.position == SourcePosition(line: 2, column: 9))
        let table = try #require(document.root["t"])
        guard case .table(let t) = table.value else { Issue.record("not a table"); return }
        #expect(t.position == SourcePosition(line: 3, column: 1))
        #expect(t.kind == .header)
        let x = try #require(t["x"])
        #expect(x.keyPosition == SourcePosition(line: 4, column: 3))
        #expect(x.node.position == SourcePosition(line: 4, column: 9))
        guard case .array(let elements) = x.value else { Issue.record("not an array"); return }
        #expect(elements.map(\.position) == [SourcePosition(line: 4, column: 10), SourcePosition(line: 5, column: 3)])
        // Columns count characters, not bytes.
        #expect(t["é"]?.node.position == SourcePosition(line: 6, column: 7))
    }

    @Test func errorsCarryTheirColumn() {
        do {
            _ = try parse("a = 1\nbb = [1, 2 3]")
            Issue.record("parsed")
        } catch {
            #expect(error.first?.line == 2)
            #expect(error.first?.column == 12)
            #expect(error.first?.code == .syntax)
        }
    }

    @Test func tablesKnowHowTheyWereMade() throws {
        let document = try parse("a.b = 1\n[c.d]\n[[e]]\nf = {}")
        func kind(_ value: TOMLValue?) -> TOMLTable.Kind? {
            if case .table(let table)? = value { return table.kind }
            if case .array(let nodes)? = value, case .table(let table)? = nodes.first?.value { return table.kind }
            return nil
        }
        #expect(document.root.kind == .root)
        #expect(kind(document.root["a"]?.value) == .dotted)
        #expect(kind(document.root["c"]?.value) == .implicit)
        guard case .table(let c)? = document.root["c"]?.value else { return }
        #expect(kind(c["d"]?.value) == .header)
        #expect(kind(document.root["e"]?.value) == .arrayElement)
        guard case .array(let e)? = document.root["e"]?.value, case .table(let element) = e[0].value else { return }
        #expect(kind(element["f"]?.value) == .inline)
    }

    @Test func dateTimesKeepTheirParts() throws {
        let document = try parse("t = 1979-05-27T00:32:00.123456789123-07:30")
        guard case .dateTime(let value)? = document.root["t"]?.value else { Issue.record("not a date-time"); return }
        #expect(value == TOMLDateTime(date: .init(year: 1979, month: 5, day: 27),
                                      time: .init(hour: 0, minute: 32, second: 0, nanosecond: 123_456_789),
                                      offsetMinutes: -450))
    }
}
