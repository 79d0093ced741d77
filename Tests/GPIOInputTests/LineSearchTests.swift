@testable import GPIOInput
import Testing
import WagonCore
#if canImport(Glibc)
import Glibc
#endif

/// Finding a line by name on whichever chip has it, as gpiofind does: the
/// errors, which need no GPIO hardware. (The search on real chips is proved
/// in the gpio-sim rig: Tests/Rig/wagonctl-gpio-chips.sh.)
@Suite struct LineSearchTests {
    /// The GPIOError `body` throws; `nil` (and a recorded issue) otherwise.
    func failure(_ body: () throws -> Void) -> GPIOError? {
        do {
            try body()
            Issue.record("no error thrown")
        } catch let error as GPIOError {
            return error
        } catch {
            Issue.record("not a GPIOError: \(error)")
        }
        return nil
    }

    @Test func aLineNameOnNoChipIsAnErrorSayingSo() {
        let error = failure { _ = try GPIOChip.choose(lineNamed: "P8_14", on: []) }
        #expect(error == GPIOError(.misconfigured, "no GPIO chip has a line named 'P8_14' (see wagonctl gpio list)",
                                   errno: ENOENT))
    }

    @Test func aLineNameOnTwoChipsIsAnErrorNamingBoth() {
        let error = failure {
            _ = try GPIOChip.choose(lineNamed: "P8_14", on: ["gpiochip0 [gpio-0-31]", "gpiochip1 [gpio-32-63]"])
        }
        #expect(error == GPIOError(.misconfigured, "the line name 'P8_14' is on 2 chips (gpiochip0 [gpio-0-31], "
                                   + "gpiochip1 [gpio-32-63]): give the line's chip", errno: EINVAL))
    }

    @Test func aLineNameOnOneChipIsFoundThere() throws {
        #expect(try GPIOChip.choose(lineNamed: "P8_14", on: ["gpiochip1 [gpio-32-63]"]) == 0)
    }

    @Test func chipsThatCannotBeOpenedAreNamedWhenNoChipHasTheLine() {
        let error = failure {
            _ = try GPIOChip.choose(lineNamed: "P8_14", on: [], unreadable: ["cannot open /dev/gpiochip3: Permission denied"])
        }
        #expect(error?.message == "no GPIO chip has a line named 'P8_14' (see wagonctl gpio list); "
                + "cannot open /dev/gpiochip3: Permission denied")
    }

    @Test func searchingAPathThatIsNoChipSaysWhyItWasNotSearched() {
        // Through the real libgpiod: /dev/null opens, but is no GPIO chip.
        let error = failure { _ = try GPIOChip.locate(lineNamed: "P8_14", among: ["/dev/null"]) }
        #expect(error?.kind == .misconfigured)
        #expect(error?.message.hasPrefix("no GPIO chip has a line named 'P8_14' (see wagonctl gpio list); "
                                         + "cannot open /dev/null: ") == true)
    }

    @Test func anOffsetWithoutAChipIsAnError() {
        let line = DetectorLine(channel: "A", line: .offset(5))
        let error = failure { _ = try line.locate(defaultChip: nil) }
        #expect(error == GPIOError(.misconfigured, "'A' is line 5, an offset, which needs a chip", errno: EINVAL))
    }

    @Test func aReaderWithoutAChipLooksForItsLinesByName() {
        var channels = ChannelTable()
        let error = failure {
            _ = try GPIOReader(chip: nil, lines: [DetectorLine(channel: "A", line: .name("WAGOND_NO_SUCH_LINE"))],
                               channels: &channels)
        }
        #expect(error?.message.hasPrefix("no GPIO chip has a line named 'WAGOND_NO_SUCH_LINE'") == true)
    }
}
