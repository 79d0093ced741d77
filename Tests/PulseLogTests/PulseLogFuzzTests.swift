@testable import PulseLog
import Testing
import WagonCore
import TrainSim  // SplitMix64

/// Valid inputs of every format, the starting points for mutation.
private let seeds: [(name: String, text: String, mapping: String?)] = [
    ("native.csv", """
        # wagon-pulse-log: 1
        # sensor_spacing_m: 0.14
        t_ns,channel,level
        1700000000000000000,A,1
        1700000000001200000,B,1
        1700000000004100000,A,0\r
        1700000000005300000,B,0
        1700000000005300000,east.A,1
        # comment
        1700000000009300000,east.A,0

        """, nil),
    ("v1.txt", """
        event:  RISING EDGE offset: 17 timestamp: [    1700.000000000]
        event:  RISING EDGE offset: 27 timestamp: [    1700.001200000]
        event: FALLING EDGE offset: 17 timestamp: [    1700.004100000]
        event: FALLING EDGE offset: 27 timestamp: [    1700.005300000]

        """, "17=A,27=B"),
    ("v2.txt", """
        Monitoring lines 'A' and 'B'...
        1700.000000000\trising\tgpiochip0 17 "SA"
        1700.001200000\tfalling\tgpiochip0 27
        2023-11-14T22:13:20.000000005Z\tfalling\t"SA"
        2023-11-14T22:13:20.000000006Z\trising\tgpiochip0 27

        """, "SA=A,gpiochip0/27=B:active-low"),
    ("capture.vcd", """
        $date today $end
        $comment
          Acquisition with 3/8 channels at 24 MHz
        $end
        $timescale 100 ps $end
        $scope module libsigrok $end
        $var wire 1 ! D0 $end
        $var wire 1 " D1 $end
        $var wire 4 # bus [3:0] $end
        $upscope $end
        $enddefinitions $end
        #0 0! 0" b0000 #
        $dumpvars 0! $end
        #417 1! b1x01 #
        #834 1"
        #1250 0! 0"
        #99999

        """, "D0=A,D1=B"),
]

private let junk: [[UInt8]] = [
    "99999999999999999999999", "\r", "\n", "\r\n", ",", "#", "$end", "$var", "#9223372036854775807", ".", "\t",
    "x", "b", "\"", "event:", "rising", "-", "A", "east.", "\u{0}", "\u{FF}", "18446744073709551616",
    "4611686018427387904", "4611686018427387905", "4611686018.427387905",  // 2^62, the end of Edge.timeRange, and past it
].map { Array($0.utf8) }

/// One random change: byte flips, truncation, inserted junk, huge numbers,
/// CR/LF changes, duplicated or dropped stretches.
private func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &random) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.removeLast(Int.random(in: 0...bytes.count, using: &random))
        case 3: bytes.insert(contentsOf: junk.randomElement(using: &random)!, at: at)
        case 4: bytes = bytes.flatMap { $0 == 0x0A && Bool.random(using: &random) ? [0x0D, 0x0A] : [$0] }
        case 5: bytes = bytes.filter { $0 != 0x0A || Int.random(in: 0..<8, using: &random) != 0 }
        case 6 where !bytes.isEmpty:
            let end = Swift.min(bytes.count, at + Int.random(in: 1...40, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        case 7 where !bytes.isEmpty:
            bytes.removeSubrange(at..<Swift.min(bytes.count, at + Int.random(in: 1...10, using: &random)))
        default: break
        }
    }
    return bytes
}

private enum Outcome: Equatable {
    case edges([Edge])
    case error(String)
}

/// Reads `bytes` as any format would be opened; never crashes, never hangs.
private func run(_ bytes: [UInt8], path: String, mapping: LineMapping?, bufferSize: Int, batch: Int) -> Outcome {
    do {
        var source = try openEdgeSource(input: ByteInput(bytes: bytes, path: path, bufferSize: bufferSize),
                                        mapping: mapping, format: nil, channels: ChannelTable())
        var edges: [Edge] = []
        var calls = 0
        while try source.readEdges(into: &edges, maxCount: batch) {
            calls += 1
            if calls > bytes.count + 2 { return .error("hang: more batches than bytes") }
        }
        return .edges(edges)
    } catch let error as PulseLogError {
        return .error(error.description)
    } catch {
        return .error("not a PulseLogError: \(error)")
    }
}

@Test func randomMutationsOfEveryFormatReadOrFailWithFileAndLine() throws {
    var random = SplitMix64(seed: 0x5EED_2024)
    var failures = 0, successes = 0
    for (name, text, mappingText) in seeds {
        let mapping = try mappingText.map { try LineMapping(parsing: $0) }
        let original = Array(text.utf8)
        if case .error(let message) = run(original, path: name, mapping: mapping, bufferSize: 1 << 16, batch: 100) {
            Issue.record("the seed itself fails: \(message)")
        }
        for _ in 0..<1500 {
            let input = mutate(original, using: &random)
            let reference = run(input, path: name, mapping: mapping, bufferSize: 1 << 16, batch: 1000)
            switch reference {
            case .edges(let edges):
                successes += 1
                for (a, b) in zip(edges, edges.dropFirst()) where a.time > b.time {
                    Issue.record("\(name): edges out of order in \(quote(input))")
                }
                for edge in edges where !Edge.timeRange.contains(edge.time) {
                    Issue.record("\(name): time \(edge.time) outside Edge.timeRange in \(quote(input))")
                }
            case .error(let message):
                failures += 1
                #expect(message.hasPrefix("\(name):"), "\(message) for \(quote(input))")
            }
            // Neither the buffer size (lines straddling reads) nor the batch size may change the result.
            let small = run(input, path: name, mapping: mapping,
                            bufferSize: Int.random(in: 1...48, using: &random), batch: Int.random(in: 1...7, using: &random))
            #expect(small == reference, "\(name): \(quote(input))")
        }
    }
    #expect(successes > 100 && failures > 1000)
}
