import Uplink
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Authorization` header value. Its descriptions never show the token,
/// so printing a value that holds one cannot leak it into a log.
struct BearerToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let headerValue: String

    var description: String { "Bearer <redacted>" }
    var debugDescription: String { description }

    /// The token named by the configuration (a file, or a systemd credential
    /// under `credentialsDirectory`), or nil when none is configured.
    static func load(
        _ configuration: HTTPUplinkConfiguration,
        credentialsDirectory: String? = environment("CREDENTIALS_DIRECTORY")
    ) throws(UplinkConfigurationError) -> BearerToken? {
        switch (configuration.bearerTokenFile, configuration.systemdCredential) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw UplinkConfigurationError(
                uplink: "http", code: .conflictingSettings,
                message: "bearerTokenFile and systemdCredential are both set: keep one")
        case (let path?, nil):
            return try read(path, what: "bearer token file")
        case (nil, let name?):
            return try read(credentialPath(name, in: credentialsDirectory), what: "systemd credential")
        }
    }

    static func credentialPath(_ name: String, in directory: String?) throws(UplinkConfigurationError) -> String {
        guard !name.isEmpty, !name.contains("/") else {
            throw UplinkConfigurationError(
                uplink: "http", code: .invalidSetting,
                message: "systemdCredential '\(name)' is not a credential name (no '/', not empty)")
        }
        guard let directory, !directory.isEmpty else {
            throw UplinkConfigurationError(
                uplink: "http", code: .missingEnvironment,
                message: "systemdCredential '\(name)' is set but CREDENTIALS_DIRECTORY is not: "
                    + "does the unit have LoadCredential=\(name):…?")
        }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func read(_ path: String, what: String) throws(UplinkConfigurationError) -> BearerToken {
        let bytes = try UplinkFile.bytes(of: path, what: what, uplink: "http")
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let token = bytes.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        guard !token.isEmpty else {
            throw UplinkConfigurationError(
                uplink: "http", code: .invalidFileContent, path: path, message: "\(what) \(path) is empty")
        }
        // Visible ASCII only: a line break inside would split the header.
        guard token.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw UplinkConfigurationError(
                uplink: "http", code: .invalidFileContent, path: path,
                message: "\(what) \(path) holds more than one line or characters a header cannot carry")
        }
        return BearerToken(headerValue: "Bearer " + String(decoding: token, as: UTF8.self))
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
