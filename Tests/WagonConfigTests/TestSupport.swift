import Testing
@testable import WagonConfig

/// The repository's root, found from this file.
let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/WagonConfigTests/TestSupport.swift
    return parts.joined(separator: "/")
}()

let boardsDirectory = repositoryRoot + "/boards"

/// Reads the repository's files; the shipped board directory
/// (`/usr/share/wagond/boards`) is the repository's `boards/`, and `extra`
/// holds files that exist only in the test.
func testFiles(_ extra: [String: String] = [:]) -> @Sendable (String) -> FileRead {
    { path in
        if let text = extra[path] { return .contents(Array(text.utf8)) }
        let shipped = "/usr/share/wagond/boards/"
        if path.hasPrefix(shipped) { return ConfigFile.read(boardsDirectory + "/" + path.dropFirst(shipped.count)) }
        if path.hasPrefix("/etc/") { return .missing }
        return ConfigFile.read(path)
    }
}

/// A site configuration from text, as `site.toml`, boards from the repository.
func site(_ text: String, files: [String: String] = [:]) throws(ConfigErrors) -> SiteConfiguration {
    try SiteConfiguration(parsing: Array(text.utf8), path: "site.toml", options: .init(readFile: testFiles(files)))
}

/// The error lines a configuration gives, or `[]` when it is fine.
func errorLines(_ text: String, files: [String: String] = [:]) -> [String] {
    do {
        _ = try site(text, files: files)
        return []
    } catch {
        return error.map(\.description)
    }
}

func parse(_ text: String, path: String = "test.toml") throws(ConfigErrors) -> TOMLDocument {
    try TOMLDocument(parsing: text, path: path)
}

/// The error lines of a TOML text, or `[]` when it parses.
func tomlErrors(_ text: String) -> [String] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.map(\.description)
    }
}

/// A compact, canonical form of a value for expectations: TOML inline
/// syntax, keys in document order.
func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let text): return renderString(text)
    case .integer(let integer): return String(integer)
    case .float(let float):
        if float.isNaN { return "nan" }
        if float.isInfinite { return float < 0 ? "-inf" : "inf" }
        return float.description
    case .boolean(let boolean): return String(boolean)
    case .dateTime(let dateTime): return dateTime.description
    case .array(let nodes): return "[" + nodes.map { render($0.value) }.joined(separator: ", ") + "]"
    case .table(let table):
        return "{" + table.entries.map { renderKey($0.key) + " = " + render($0.value) }.joined(separator: ", ") + "}"
    }
}

func render(_ document: TOMLDocument) -> String { render(.table(document.root)) }

private func renderKey(_ key: String) -> String {
    !key.isEmpty && key.utf8.allSatisfy(isBareKeyByte) ? key : renderString(key)
}

private func renderString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u" + unicodeName(scalar.value).dropFirst(2)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
