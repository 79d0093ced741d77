// libFuzzer entry point for the PulseLog readers; built and run by
// scripts/fuzz-pulselog.sh (not a SwiftPM target: it needs -sanitize=fuzzer).
// Compiled in one module with Sources/PulseLog, so it can read from memory.
import Glibc
import WagonCore

private let format: PulseLogFormat? = getenv("PULSELOG_FUZZ_FORMAT").flatMap { PulseLogFormat(rawValue: String(cString: $0)) }

private let mapping: LineMapping? = {
    switch format {
    case .gpiomon: return try! LineMapping(parsing: "17=A,27=B:active-low,SA=east.A,gpiochip1/4=east.B")
    case .vcd: return try! LineMapping(parsing: "D0=A,D1=B:active-low,top/x=east.A")
    default: return nil
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func pulseLogFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The first byte picks the buffer size and batch, so that lines straddle reads.
    guard size > 0 else { return 0 }
    let bufferSize = Int(data[0] & 63) + 1
    let batch = Int(data[0] >> 6) * 50 + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        var source = try openEdgeSource(input: ByteInput(bytes: bytes, path: "fuzz", bufferSize: bufferSize),
                                        mapping: mapping, format: format, channels: ChannelTable())
        var edges: [Edge] = []
        var calls = 0
        while try source.readEdges(into: &edges, maxCount: batch) {
            calls += 1
            precondition(calls <= bytes.count + 2, "a reader returned edges more often than it has bytes")
            for edge in edges {
                precondition(Edge.timeRange.contains(edge.time), "a reader accepted time \(edge.time), outside Edge.timeRange")
            }
            edges.removeAll(keepingCapacity: true)
        }
    } catch let error as PulseLogError {
        precondition(error.description.hasPrefix("fuzz:"), "error without the path: \(error)")
    } catch {
        preconditionFailure("not a PulseLogError: \(error)")
    }
    return 0
}
