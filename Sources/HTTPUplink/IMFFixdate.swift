/// HTTP's preferred date format (RFC 9110 §5.6.7), `Sun, 06 Nov 1994 08:49:37 GMT`,
/// read by hand: fixed width, case-sensitive, always GMT. The obsolete RFC 850
/// and asctime forms are not read (a server must not send them).
enum IMFFixdate {
    private static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970-01-01T00:00:00Z, or nil if `text` is not an IMF-fixdate.
    static func secondsSinceEpoch(_ text: [UInt8]) -> Int64? {
        // "Sun, 06 Nov 1994 08:49:37 GMT": every field at a fixed offset.
        guard text.count == 29,
            dayNames.contains(string(text[0..<3])),
            string(text[3..<5]) == ", ",
            text[7] == 0x20, text[11] == 0x20, text[16] == 0x20,
            text[19] == UInt8(ascii: ":"), text[22] == UInt8(ascii: ":"),
            string(text[25..<29]) == " GMT",
            let day = number(text[5..<7]),
            let monthIndex = monthNames.firstIndex(of: string(text[8..<11])),
            let year = number(text[12..<16]),
            let hour = number(text[17..<19]),
            let minute = number(text[20..<22]),
            let second = number(text[23..<25])
        else { return nil }
        let month = monthIndex + 1
        guard day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59, second <= 60 else {
            return nil
        }
        let days = daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
    /// `days_from_civil`, the inverse of `RFC3339.civil`).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
