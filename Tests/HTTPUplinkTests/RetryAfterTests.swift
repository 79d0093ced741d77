import HTTPUplink
import XCTest

/// Epoch seconds of the dates below were computed with GNU `date -u -d … +%s`.
final class RetryAfterTests: XCTestCase {
    private let rfcExampleDate: Int64 = 1_445_412_480  // Wed, 21 Oct 2015 07:28:00 GMT

    func testDeltaSecondsAreTakenAsTheyAre() {
        XCTAssertEqual(RetryAfter.delay("7", now: 0), .seconds(7))
        XCTAssertEqual(RetryAfter.delay("0", now: 0), .zero)
        XCTAssertEqual(RetryAfter.delay(" 120 ", now: 0), .seconds(120))
        XCTAssertEqual(RetryAfter.delay("007", now: 0), .seconds(7))
    }

    func testHugeDeltaSecondsAreCapped() {
        XCTAssertEqual(RetryAfter.delay("99999999999999999999999", now: 0), .seconds(2_147_483_648))
    }

    func testNegativeSecondsMeanNow() {
        XCTAssertEqual(RetryAfter.delay("-5", now: 0), .zero)
    }

    func testAnHTTPDateIsCountedFromNow() {
        XCTAssertEqual(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: rfcExampleDate - 90), .seconds(90))
        XCTAssertEqual(RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_777 - 1), .seconds(1))
        XCTAssertEqual(RetryAfter.delay("Thu, 29 Feb 2024 23:59:59 GMT", now: 1_709_251_199 - 3600), .seconds(3600))
    }

    func testAnHTTPDateInThePastMeansNow() {
        XCTAssertEqual(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: rfcExampleDate), .zero)
        XCTAssertEqual(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: rfcExampleDate + 1_000_000), .zero)
    }

    func testJunkIsIgnored() {
        for junk in [
            "", "   ", "soon", "7s", "7.5", "1e3", "-", "--5", "+5",
            "Wed, 21 Oct 2015 07:28:00 UTC",  // only GMT
            "wed, 21 Oct 2015 07:28:00 GMT",  // names are case-sensitive
            "Wed, 21 oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 15 07:28:00 GMT",  // two-digit year: RFC 850, not read
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",  // asctime, not read
            "Wed, 30 Feb 2015 07:28:00 GMT",  // no such day
            "Wed, 29 Feb 2023 07:28:00 GMT",  // not a leap year
            "Wed, 21 Oct 2015 24:00:00 GMT",
            "Wed, 21 Oct 2015 07:60:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 GMT trailing",
            "Wed,  21 Oct 2015 07:28:00 GMT",
        ] {
            XCTAssertNil(RetryAfter.delay(junk, now: 0), "'\(junk)'")
        }
    }
}
