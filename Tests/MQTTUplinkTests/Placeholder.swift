import XCTest

final class MQTTUplinkTestsPlaceholder: XCTestCase {}
