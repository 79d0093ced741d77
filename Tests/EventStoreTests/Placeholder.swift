import XCTest

final class EventStoreTestsPlaceholder: XCTestCase {}
