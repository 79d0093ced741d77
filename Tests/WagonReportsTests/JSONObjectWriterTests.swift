import Testing
import WagonReports

@Suite struct JSONObjectWriterTests {
    @Test func objectsKeepKeyOrderAndNumberFormats() {
        var json = JSONObjectWriter()
        json.add("direction", "AB")
        json.add("axles", 52)
        json.add("speed_kmh_avg", 44.96, decimals: 1)
        json.add("length_m", Double.nan, decimals: 2)
        json.add("flags", strings: ["stopped", "reversed"])
        json.add("ok", true)
        #expect(json.string == #"{"direction":"AB","axles":52,"speed_kmh_avg":45.0,"length_m":null,"flags":["stopped","reversed"],"ok":true}"#)
    }

    @Test func fixedDecimalsRoundHalfAwayFromZero() {
        #expect(Decimal.fixed(45.678, decimals: 1) == "45.7")
        #expect(Decimal.fixed(-0.04, decimals: 1) == "0.0")
        #expect(Decimal.fixed(-2.25, decimals: 1) == "-2.3")
        #expect(Decimal.fixed(7, decimals: 0) == "7")
        #expect(Decimal.fixed(0.005, decimals: 3) == "0.005")
    }
}
