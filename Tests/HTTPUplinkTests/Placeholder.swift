import XCTest

final class HTTPUplinkTestsPlaceholder: XCTestCase {}
