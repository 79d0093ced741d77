import Testing
import WagonJSON

/// Expected texts are RFC 8259's: quote and backslash escaped, control characters
/// as short escapes or \u00XX, everything else as it is (UTF-8).
@Suite struct JSONTextTests {
    @Test func plainStringsAreQuotedAsTheyAre() {
        #expect(JSONText.quoted("bogie-wagon:4") == #""bogie-wagon:4""#)
        #expect(JSONText.quoted("") == #""""#)
    }

    @Test func specialCharactersAreEscaped() {
        #expect(JSONText.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONText.quoted("line\nnext\ttab\r") == #""line\nnext\ttab\r""#)
        #expect(JSONText.quoted("bell\u{07}") == #""bell\u0007""#)
        #expect(JSONText.quoted("Хасан") == "\"Хасан\"")
    }
}
