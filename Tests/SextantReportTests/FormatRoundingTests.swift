import Foundation
import SextantReport
import SextantStats
import Testing

/// No format rounds a proportion strictly between 0 and 1 to 0 % or 100 % (or a confidence to 1):
/// that would claim a certainty the value does not have.
@Suite("Formats never round an uncertain value to a certainty")
struct FormatRoundingTests {
    /// Proportions strictly between 0 and 1 that fixed decimals would show as 0 or 100.
    static let extremes: [Double] = [
        1e-300, 1e-12, 1e-7, 0.00004, 0.0004, 0.004, 0.996, 0.9996, 0.9999999, 0.9999999999, 1 - 1e-15, 0.9999999999999999,
    ]

    /// The number a percentage text stands for, as a proportion.
    static func proportion(_ text: String) -> Double? {
        Double(text.replacingOccurrences(of: "%", with: "")).map { $0 / 100 }
    }

    @Test("written out in full, a percentage is neither 0 nor 100 and within a rounding of the value", arguments: extremes)
    func precise(_ value: Double) throws {
        for decimals in 0...3 {
            let digits = Format.percentDigits(value, decimals: decimals)
            let shown = try #require(Double(digits))
            #expect(shown > 0 && shown < 100, "\(value) with \(decimals) decimals: \(digits)")
            #expect(abs(shown / 100 - value) <= max(value, 1 - value), "\(digits) is far from \(value)")
            #expect(Format.precisePercent(value, decimals: decimals) == digits + "%")
        }
        for text in [Format.compactPercent(value), Format.confidence(value)] {
            let shown = try #require(Self.proportion(text), "\(text)")
            #expect(shown > 0 && shown < 1, "\(value): \(text)")
        }
        let range = Format.percentRange(value, value, decimals: 1)
        #expect(!range.hasPrefix("0.0–") && !range.hasSuffix("–100.0%"), "\(range)")
        #expect(Format.significant(value) != "1" && Format.significant(value) != "0")
    }

    @Test("in a table, a percentage that would round to an end is written as the bound it passes", arguments: extremes)
    func bounded(_ value: Double) {
        let text = Format.percent(value, decimals: 1)
        #expect(text != "0.0%" && text != "100.0%")
        if value < 0.0005 { #expect(text == "< 0.1%") }
        if value > 0.9995 { #expect(text == "> 99.9%") }
        #expect(Format.percent(value, decimals: 0) != "0%" && Format.percent(value, decimals: 0) != "100%")
    }

    @Test(
        "the values of the reported cases read as they are",
        arguments: [
            (Format.confidence(0.9999999999), "99.99999999%"), (Format.confidence(1e-300), "1e-298%"),
            (Format.confidence(0.95), "95%"), (Format.confidence(0.999), "99.9%"), (Format.confidence(0.9995), "99.95%"),
            (Format.significant(0.9999999999), "0.9999999999"), (Format.significant(0.95), "0.95"),
            (Format.precisePercent(0.9999999, decimals: 0), "99.99999%"), (Format.precisePercent(0.8, decimals: 0), "80%"),
            (Format.precisePercent(1e-12, decimals: 2), "0.0000000001%"), (Format.percent(0.0004, decimals: 2), "0.04%"),
            (Format.percent(0.00004, decimals: 2), "< 0.01%"), (Format.percent(0.9999, decimals: 0), "> 99%"),
            (Format.compactPercent(0.9999), "99.99%"), (Format.compactPercent(0.725), "72.5%"),
            (Format.compactPercent(0.8), "80%"),
            (Format.percentRange(0, 0.00001, decimals: 1), "0.0–0.001%"), (Format.percent(0, decimals: 1), "0.0%"),
            (Format.percent(1, decimals: 1), "100.0%"),
        ])
    func cases(_ text: String, _ expected: String) {
        #expect(text == expected)
    }

    @Test("the commands' sentences no longer claim certainty", arguments: [0.9999999999, 1e-300])
    func intervalSentence(_ confidence: Double) throws {
        let rate = IntervalReport(rate: try Rate(count: 1, total: 10, confidence: confidence))
        let text = rate.rendered(as: .table)
        #expect(!text.contains(" 100% ") && !text.contains(" 0% "), "\(text)")
        let csv = rate.rendered(as: .csv)
        #expect(csv.contains(",\(confidence)\r\n"))
    }
}
