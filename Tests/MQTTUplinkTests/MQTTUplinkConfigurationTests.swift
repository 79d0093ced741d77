import Foundation
import MQTTUplink
import XCTest
import Uplink

final class MQTTUplinkConfigurationTests: XCTestCase {
    func testDefaultsFollowTheSiteAndTLS() {
        let plain = MQTTUplinkConfiguration(host: "broker.example", site: "port-a")
        XCTAssertEqual(plain.port, 1883)
        XCTAssertEqual(plain.clientID, "wagond-port-a")
        XCTAssertEqual(plain.keepalive, .seconds(30))
        XCTAssertEqual(plain.connectTimeout, .seconds(10))
        XCTAssertEqual(plain.publishTimeout, .seconds(10))
        let secure = MQTTUplinkConfiguration(host: "broker.example", site: "port-a", tls: .init())
        XCTAssertEqual(secure.port, 8883)
        XCTAssertEqual(secure.tls?.verifyServer, true)
        XCTAssertEqual(MQTTUplinkConfiguration(host: "h", port: 1999, site: "s", clientID: "box-1").clientID, "box-1")
    }

    func testAMissingCAFileIsNamedWithItsPath() {
        let configuration = MQTTUplinkConfiguration(host: "h", site: "s", tls: .init(caFile: "/nonexistent/ca.pem"))
        XCTAssertThrowsError(try MQTTUplink(configuration: configuration)) { error in
            let error = error as? UplinkConfigurationError
            XCTAssertEqual(error?.code, .unreadableFile)
            XCTAssertEqual(error?.path, "/nonexistent/ca.pem")
            XCTAssertEqual(error?.description,
                           "mqtt uplink: cannot read TLS CA file /nonexistent/ca.pem: No such file or directory")
        }
    }

    func testAMissingClientKeyOrPasswordFileIsNamedWithItsPath() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificate = directory + "/client.pem"
        try "not checked here".write(toFile: certificate, atomically: true, encoding: .utf8)
        let tls = MQTTUplinkConfiguration.TLS(clientCertificateFile: certificate, clientKeyFile: directory + "/client.key")
        XCTAssertThrowsError(try MQTTUplinkConfiguration(host: "h", site: "s", tls: tls).validate()) { error in
            XCTAssertEqual("\(error)", "mqtt uplink: cannot read TLS client key \(directory)/client.key: No such file or directory")
        }
        let password = MQTTUplinkConfiguration(host: "h", site: "s", username: "u", passwordFile: directory + "/secret")
        XCTAssertThrowsError(try password.validate()) { error in
            XCTAssertEqual("\(error)", "mqtt uplink: cannot read password file \(directory)/secret: No such file or directory")
        }
    }

    func testSettingsThatNeedEachOtherAreChecked() {
        let keyless = MQTTUplinkConfiguration(host: "h", site: "s", tls: .init(clientCertificateFile: "/etc/hostname"))
        XCTAssertThrowsError(try keyless.validate()) { error in
            XCTAssertEqual((error as? UplinkConfigurationError)?.code, .conflictingSettings)
        }
        let anonymousPassword = MQTTUplinkConfiguration(host: "h", site: "s", passwordFile: "/etc/hostname")
        XCTAssertThrowsError(try anonymousPassword.validate()) { error in
            XCTAssertEqual("\(error)", "mqtt uplink: a password file (/etc/hostname) is set without a user name")
        }
    }

    func testValuesOutOfRangeAreRefused() {
        let cases: [(MQTTUplinkConfiguration, String)] = [
            (.init(host: "", site: "s"), "mqtt uplink: the broker host is empty"),
            (.init(host: "h", port: 70_000, site: "s"), "mqtt uplink: port 70000 is not between 1 and 65535"),
            (.init(host: "h", site: ""), "mqtt uplink: the site name is empty"),
            (.init(host: "h", site: "s", keepalive: .seconds(2)), "mqtt uplink: keepalive 2 s is not between 5 and 65535 s"),
            (.init(host: "h", site: "s", publishTimeout: .zero), "mqtt uplink: the publish timeout is not positive"),
        ]
        for (configuration, message) in cases {
            XCTAssertThrowsError(try configuration.validate()) { error in
                XCTAssertEqual((error as? UplinkConfigurationError)?.code, .invalidSetting)
                XCTAssertEqual("\(error)", message)
            }
        }
    }
}
