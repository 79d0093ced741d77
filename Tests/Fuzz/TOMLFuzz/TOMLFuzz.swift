// libFuzzer entry point for the TOML parser and the two schemas on it;
// built and run by scripts/fuzz-toml.sh (not a SwiftPM target: it needs
// -sanitize=fuzzer). Compiled in one module with Sources/WagonConfig.
import WagonCore

/// The shipped Raspberry Pi 4 profile, so that site files resolve lines.
private let profile = Array("""
    schema = 1
    id = "raspberry-pi-4"
    name = "Raspberry Pi 4 Model B"
    chip = "pinctrl-bcm2711"
    bias = "pull-up"
    active_low = true
    debounce_ms = 0
    wiring = "fuzz"
    [point1]
    a = "GPIO17"
    b = "GPIO27"
    [point2]
    a = "GPIO22"
    b = "GPIO23"
    """.utf8)

private let options = SiteConfiguration.LoadOptions(readFile: { path in
    path.hasSuffix("/raspberry-pi-4.toml") ? .contents(profile) : .missing
})

private func check(_ errors: ConfigErrors, lines: Int) {
    precondition(!errors.isEmpty, "thrown without an error")
    for error in errors {
        precondition(error.line >= 1 && error.line <= max(lines, 14), "no such line: \(error)")
        precondition(error.description.hasPrefix(error.path + ":"), "error without its path: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func tomlFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.count(where: { $0 == 0x0A }) + 1
    do { _ = try TOMLDocument(parsing: bytes, path: "fuzz.toml") } catch { check(error, lines: lines) }
    do { _ = try SiteConfiguration(parsing: bytes, path: "fuzz.toml", options: options) } catch { check(error, lines: lines) }
    do { _ = try BoardProfile(parsing: bytes, path: "boards/fuzz.toml") } catch { check(error, lines: lines) }
    return 0
}
