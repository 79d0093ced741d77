import Testing
@testable import WagonConfig

/// What each shipped profile says, copied by hand from boards/README.md's
/// table and the files' own keys.
struct ShippedBoard: Sendable, CustomTestStringConvertible {
    var id: String
    var name: String
    var chip: String?
    var bias: LineBias
    var point1: [LineReference]
    var point2: [LineReference]
    var verifyItems: Int
    var testDescription: String { id }
}

let shippedBoards: [ShippedBoard] = [
    .init(id: "raspberry-pi-4", name: "Raspberry Pi 4 Model B", chip: "pinctrl-bcm2711", bias: .pullUp,
          point1: [.name("GPIO17"), .name("GPIO27")], point2: [.name("GPIO22"), .name("GPIO23")], verifyItems: 2),
    .init(id: "raspberry-pi-5", name: "Raspberry Pi 5", chip: "pinctrl-rp1", bias: .pullUp,
          point1: [.name("GPIO17"), .name("GPIO27")], point2: [.name("GPIO22"), .name("GPIO23")], verifyItems: 3),
    .init(id: "beaglebone-black", name: "BeagleBone Black", chip: nil, bias: .asIs,
          point1: [.name("P8_7"), .name("P8_8")], point2: [.name("P8_9"), .name("P8_10")], verifyItems: 3),
    .init(id: "siemens-iot2050", name: "Siemens SIMATIC IOT2050", chip: "600000.gpio", bias: .asIs,
          point1: [.name("IO4"), .name("IO5")], point2: [.name("IO6"), .name("IO7")], verifyItems: 4),
    .init(id: "generic", name: "Generic Linux GPIO chip", chip: nil, bias: .asIs, point1: [], point2: [], verifyItems: 3),
]

/// A profile that loads; the broken ones below change one thing in it.
private let goodProfile = """
    schema = 1
    id = "test-board"
    name = "Test board"
    chip = "test-chip"
    bias = "pull-up"
    active_low = true
    wiring = "none"

    [point1]
    a = "L0"
    b = 1
    """

struct BrokenProfile: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var errors: [String]
    var testDescription: String { name }
}

private let path = "boards/test-board.toml"

let brokenProfiles: [BrokenProfile] = [
    .init(name: "unknown key", text: goodProfile + "\ncolour = 1",
          errors: ["\(path):12: unknown key 'colour' in [point1]"]),
    .init(name: "unknown top-level key", text: "colour = 1\n" + goodProfile,
          errors: ["\(path):1: unknown key 'colour' in a board profile"]),
    .init(name: "a third point table", text: goodProfile + "\n[point3]\na = 2\nb = 3",
          errors: ["\(path):12: unknown key 'point3' in a board profile (did you mean 'point1'?)"]),
    .init(name: "unknown bias", text: goodProfile.replacing("bias = \"pull-up\"", with: "bias = \"up\""),
          errors: ["\(path):5: bias must be pull-up, pull-down, disabled or as-is, got 'up'"]),
    .init(name: "id is not the file name", text: goodProfile.replacing("id = \"test-board\"", with: "id = \"other\""),
          errors: ["\(path):2: id must be 'test-board', the file name without .toml, got 'other'"]),
    .init(name: "id with capitals", text: goodProfile.replacing("id = \"test-board\"", with: "id = \"Test\""),
          errors: ["\(path):2: id must be letters a-z, digits and '-', got 'Test'"]),
    .init(name: "schema 2", text: goodProfile.replacing("schema = 1", with: "schema = 2"),
          errors: ["\(path):1: schema must be 1 (the profile format this wagond reads), got 2"]),
    .init(name: "an offset without a chip", text: goodProfile.replacing("chip = \"test-chip\"\n", with: ""),
          errors: ["\(path):10: an offset needs a chip: give this profile a chip label"]),
    .init(name: "a chip by number", text: goodProfile.replacing("chip = \"test-chip\"", with: "chip = \"gpiochip0\""),
          errors: ["\(path):4: chip must be a chip label in a board profile (numbers, names and paths change between kernels), got 'gpiochip0'"]),
    .init(name: "a point without b", text: goodProfile.replacing("b = 1", with: ""),
          errors: ["\(path):9: missing required key 'b' in [point1]"]),
    .init(name: "no wiring notes", text: goodProfile.replacing("wiring = \"none\"", with: ""),
          errors: ["\(path):1: missing required key 'wiring' in a board profile"]),
    .init(name: "kernel debounce too long", text: "debounce_ms = 5\n" + goodProfile,
          errors: ["\(path):1: debounce_ms must be between 0 and 1 ms, got 5"]),
    .init(name: "verify with a number", text: "verify = [\"x\",\n 1]\n" + goodProfile,
          errors: ["\(path):2: verify must be an array of strings, got an integer in it"]),
    .init(name: "active_low as a string", text: goodProfile.replacing("active_low = true", with: "active_low = \"yes\""),
          errors: ["\(path):6: active_low must be true or false, got a string"]),
    .init(name: "a line as a boolean", text: goodProfile.replacing("a = \"L0\"", with: "a = true"),
          errors: ["\(path):10: a must be a line name (a string) or an offset (an integer), got a boolean"]),
]

@Suite struct BoardProfileTests {
    @Test(arguments: shippedBoards) func shippedProfileLoads(_ board: ShippedBoard) throws {
        let file = boardsDirectory + "/\(board.id).toml"
        guard case .contents(let bytes) = ConfigFile.read(file) else {
            Issue.record("cannot read \(file)")
            return
        }
        let profile = try BoardProfile(parsing: bytes, path: file)
        #expect(profile.id == board.id)
        #expect(profile.name == board.name)
        #expect(profile.chip?.value == board.chip)
        #expect(profile.bias.value == board.bias)
        #expect(profile.activeLow.value == true)
        #expect(profile.debounceMilliseconds.value == 0)
        #expect(!profile.wiring.isEmpty)
        #expect(profile.verify.count == board.verifyItems)
        let point1 = profile.pointLines[1].map { [$0.a.value, $0.b.value] } ?? []
        let point2 = profile.pointLines[2].map { [$0.a.value, $0.b.value] } ?? []
        #expect(point1 == board.point1)
        #expect(point2 == board.point2)
        // Lines remember where the profile names them.
        if let a = profile.pointLines[1]?.a {
            #expect(a.location.path == file)
            #expect(a.location.line > 1)
        }
    }

    @Test func everyFileInBoardsIsAShippedBoard() {
        let files = listDirectory(boardsDirectory).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files == shippedBoards.map { $0.id + ".toml" }.sorted())
    }

    @Test func theGoodTestProfileLoads() throws {
        let profile = try BoardProfile(parsing: Array(goodProfile.utf8), path: path)
        #expect(profile.pointLines[1]?.a.value == .name("L0"))
        #expect(profile.pointLines[1]?.b.value == .offset(1))
        #expect(profile.verify == [])
    }

    @Test(arguments: brokenProfiles) func brokenProfileIsRefusedWithFileAndLine(_ test: BrokenProfile) {
        do {
            _ = try BoardProfile(parsing: Array(test.text.utf8), path: path)
            Issue.record("loaded")
        } catch {
            #expect(error.map(\.description) == test.errors)
        }
    }

    @Test func aStringOfDigitsIsAnOffset() throws {
        let profile = try BoardProfile(parsing: Array(goodProfile.replacing("a = \"L0\"", with: "a = \"17\"").utf8), path: path)
        #expect(profile.pointLines[1]?.a.value == .offset(17))
    }
}

#if canImport(Glibc)
import Glibc
#endif

func listDirectory(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names
}
