import XCTest

final class UplinkTestsPlaceholder: XCTestCase {}
