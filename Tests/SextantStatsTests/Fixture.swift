import Foundation

/// A CSV reference table from `Fixtures/`, made by `Fixtures/generate_fixtures.py` (mpmath at 50
/// digits, cross-checked with scipy/statsmodels). Rows are dictionaries keyed by the header.
struct Fixture {
    let name: String
    let rows: [[String: String]]

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "missing fixture \(path); regenerate it with the scripts in Fixtures/" }
    }

    init(_ name: String, filePath: String = #filePath) throws {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw Missing(path: url.path) }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        self.name = name
        self.rows = lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}

extension Dictionary where Key == String, Value == String {
    func double(_ key: String) -> Double {
        guard let text = self[key], let value = Double(text) else { fatalError("fixture row \(self) has no number \(key)") }
        return value
    }

    func int(_ key: String) -> Int {
        guard let text = self[key], let value = Int(text) ?? Double(text).map({ Int($0) }) else {
            fatalError("fixture row \(self) has no integer \(key)")
        }
        return value
    }
}

/// |actual − expected| ≤ tolerance·|expected|, with exact agreement required at 0.
func relativeError(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected { return 0 }
    if expected == 0 { return abs(actual) }
    return abs(actual - expected) / abs(expected)
}
