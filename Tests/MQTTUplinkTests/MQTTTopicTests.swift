import EventStore
import MQTTUplink
import XCTest

final class MQTTTopicTests: XCTestCase {
    private func event(type: String, subject: String?) -> StoredEvent {
        StoredEvent(seq: 1, id: "e1-1", type: type, subject: subject, time: 0, eventClass: .train, data: "{}")
    }

    func testEventTopicIsSitePointAndTypeWithoutOurPrefix() {
        XCTAssertEqual(MQTTTopic.event(event(type: "org.wagond.train", subject: "east"), site: "port-a"),
                       "wagond/port-a/east/train")
        XCTAssertEqual(MQTTTopic.event(event(type: "org.wagond.store.dropped", subject: nil), site: "port-a"),
                       "wagond/port-a/box/store.dropped")
    }

    func testForeignTypeKeepsItsWholeName() {
        XCTAssertEqual(MQTTTopic.event(event(type: "com.example.test", subject: "west"), site: "s"),
                       "wagond/s/west/com.example.test")
    }

    func testWildcardsSeparatorsControlCharactersAndEmptyLevelsAreReplaced() {
        XCTAssertEqual(MQTTTopic.event(event(type: "org.wagond.train", subject: "a/b+c#"), site: "x/y"),
                       "wagond/x_y/a_b_c_/train")
        XCTAssertEqual(MQTTTopic.event(event(type: "org.wagond.health", subject: ""), site: "s"),
                       "wagond/s/_/health")
        XCTAssertEqual(MQTTTopic.level("nul\u{0}tab\tdel\u{7F}"), "nul_tab_del_")
    }

    func testSpacesAndNonASCIIStayAsTheyAre() {
        XCTAssertEqual(MQTTTopic.level("Gleis 3 Süd"), "Gleis 3 Süd")
    }

    func testStatusTopic() {
        XCTAssertEqual(MQTTTopic.status(site: "port-a"), "wagond/port-a/status")
        XCTAssertEqual(MQTTTopic.status(site: "a+b"), "wagond/a_b/status")
        XCTAssertEqual(MQTTTopic.status(site: "port-a", prefix: "railco/east"), "railco/east/port-a/status")
    }
}
