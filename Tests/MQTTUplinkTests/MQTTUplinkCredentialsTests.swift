import Foundation
import MQTTUplink
import Uplink
import XCTest

/// User name and password file against a broker that admits nobody else.
final class MQTTUplinkCredentialsTests: XCTestCase {
    private var directory = ""
    private var broker: Broker!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory.make()
        try Executable.run("mosquitto_passwd", package: "mosquitto",
                           ["-c", "-b", directory + "/passwords", "box-7", "right horse"])
        broker = try Broker(anonymous: false, global: "password_file \(directory)/passwords", in: directory)
        try broker.start()
    }

    override func tearDown() {
        broker.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func makeUplink(password: String) throws -> MQTTUplink {
        let file = directory + "/password"
        try (password + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return try MQTTUplink(configuration: MQTTUplinkConfiguration(
            host: "127.0.0.1", port: broker.port, site: "auth-site", username: "box-7", passwordFile: file))
    }

    func testTheRightPasswordConnects() async throws {
        let uplink = try makeUplink(password: "right horse")
        let outcome = await uplink.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .delivered)
        await uplink.shutdown()
    }

    func testAWrongPasswordIsARetryThatSaysSoWithoutThePassword() async throws {
        let uplink = try makeUplink(password: "wrong staple")
        let outcome = await uplink.deliver(TestEvents.batch(1))
        XCTAssertEqual(outcome, .retry(after: nil, reason: "broker 127.0.0.1:\(broker.port) refused the connection:"
                                           + " Not authorized (reason code 135)"))
        await uplink.shutdown()
    }
}
