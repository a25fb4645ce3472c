import Foundation

/// Number formatting shared by every renderer: how a ``Cell`` and a sentence write a number.
public enum Format {
    /// A rate as a percentage, e.g. `74.0%`, for tables and computed figures.
    ///
    /// A proportion strictly between 0 and 1 that the decimals would show as 0 % or 100 % is
    /// written as the bound it passes instead, `< 0.1%` or `> 99.9%` (with one decimal), so that a
    /// probability of 0.9999999 never reads as a certainty and a column stays narrow; see
    /// ``precisePercent(_:decimals:)`` for a value written out in full.
    ///
    /// - Parameters:
    ///   - value: a proportion (0.74 for 74 %); nil or not finite for no data.
    ///   - decimals: decimals of the percentage.
    /// - Returns: the percentage, or `–` for no data.
    public static func percent(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        let places = max(0, decimals)
        let text = String(format: "%.\(places)f", value * 100)
        if value > 0, value < 1, let shown = Double(text), shown <= 0 || shown >= 100 {
            let step = pow(10, -Double(places))
            return shown <= 0
                ? "< " + String(format: "%.\(places)f", step) + "%" : "> " + String(format: "%.\(places)f", 100 - step) + "%"
        }
        return text + "%"
    }

    /// A proportion as a percentage written out in full: ``percentDigits(_:decimals:)`` and `%`,
    /// e.g. `99.99999%` for 0.9999999 with no decimals. For a value the reader gave (a power, a
    /// ceiling) echoed in a sentence.
    ///
    /// - Parameters:
    ///   - value: a proportion, finite.
    ///   - decimals: the fewest decimals of the percentage.
    /// - Returns: the percentage.
    public static func precisePercent(_ value: Double, decimals: Int) -> String {
        percentDigits(value, decimals: decimals) + "%"
    }

    /// The digits of a proportion as a percentage, without the `%`: `74.0` for 0.74 with one
    /// decimal.
    ///
    /// A proportion strictly between 0 and 1 is never written as 0 or 100, which would claim
    /// certainty the value does not have: it gets as many more decimals as it needs (0.0004 with
    /// one decimal is `0.04`, 0.9999999 with none is `99.99999`), and one too small for 15
    /// decimals is written with two significant digits (1e-300 is `1e-298`). 0, 1 and values
    /// outside [0, 1] are written with `decimals` decimals.
    ///
    /// - Parameters:
    ///   - value: a proportion, finite.
    ///   - decimals: the fewest decimals of the percentage.
    /// - Returns: the percentage's digits.
    public static func percentDigits(_ value: Double, decimals: Int) -> String {
        let percent = value * 100
        var places = max(0, decimals)
        var text = String(format: "%.\(places)f", percent)
        guard value > 0, value < 1 else { return text }
        func roundsToAnEnd(_ text: String) -> Bool { Double(text).map { $0 <= 0 || $0 >= 100 } ?? false }
        while roundsToAnEnd(text), places < 15 {
            places += 1
            text = String(format: "%.\(places)f", percent)
        }
        guard roundsToAnEnd(text) else { return text }
        return String(format: value < 0.5 ? "%.2g" : "%.17g", percent)
    }

    /// A rate as a percentage with at most one decimal and no trailing `.0`, e.g. `80%` or
    /// `72.5%` (more decimals for a rate that one would show as 0 % or 100 %).
    ///
    /// - Parameter value: a proportion.
    /// - Returns: the percentage.
    public static func compactPercent(_ value: Double) -> String {
        let text = percentDigits(value, decimals: 1)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }

    /// An interval as percentages, e.g. `59.7–85.4%` (each bound as ``percentDigits(_:decimals:)``
    /// writes it).
    ///
    /// - Parameters:
    ///   - lower: the lower bound, a proportion; nil or not finite for no data.
    ///   - upper: the upper bound, a proportion; nil or not finite for no data.
    ///   - decimals: decimals of each percentage.
    /// - Returns: the interval, or `–` when a bound is missing.
    public static func percentRange(_ lower: Double?, _ upper: Double?, decimals: Int = 1) -> String {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return "–" }
        return percentDigits(lower, decimals: decimals) + "–" + percentDigits(upper, decimals: decimals) + "%"
    }

    /// A confidence level, e.g. `95%` or `99.9%`: up to three decimals, none trailing, and more
    /// for a level that three would show as 0 % or 100 % (0.9999999999 is `99.99999999%`).
    ///
    /// - Parameter value: the level, a proportion (0.95).
    /// - Returns: the percentage.
    public static func confidence(_ value: Double) -> String {
        var text = percentDigits(value, decimals: 3)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + "%"
    }

    /// A number with a fixed count of decimals, e.g. `3.00`.
    ///
    /// - Parameters:
    ///   - value: the number; nil or not finite for none.
    ///   - decimals: the count of decimals.
    /// - Returns: the number, or `–` for none.
    public static func decimal(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A number with 6 significant digits, as C's `%.6g`: `0.596552` or `3.68888e-07`; a value
    /// strictly between 0 and 1 that six would round to `1` gets as many more as it needs.
    ///
    /// - Parameter value: the number; nil or not finite for none.
    /// - Returns: the number, or `–` for none.
    public static func significant(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        var digits = 6
        var text = String(format: "%.\(digits)g", value)
        // A proportion just under 1 (a confidence of 0.9999999999) is not written as 1.
        while value > 0, value < 1, text == "1", digits < 17 {
            digits += 1
            text = String(format: "%.\(digits)g", value)
        }
        return text
    }

    /// A number in its shortest round-tripping form, for machine-read outputs: `0.74`, `1.0`, `1e-07`.
    ///
    /// - Parameter value: the number; nil or not finite for none.
    /// - Returns: the number, or the empty string for none.
    public static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    /// An integer with thousands separators, e.g. `12,345` or `-1,000`.
    ///
    /// - Parameter value: the integer.
    /// - Returns: the digits, grouped by three.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// A count with its noun in the singular or the plural, e.g. `1 session` or `12,345 sessions`.
    ///
    /// - Parameters:
    ///   - value: the count.
    ///   - noun: the noun in the singular.
    ///   - plural: the plural when it is not the noun with an `s`.
    /// - Returns: the count with thousands separators and the noun.
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        count(value) + " " + (value == 1 ? noun : plural ?? noun + "s")
    }

    /// A number of percentage points with a sign, e.g. `+2.4 pp` (one decimal) or `-0.012 pp`; a
    /// value that rounds to zero is written without a sign (`0.0 pp`).
    ///
    /// - Parameters:
    ///   - value: the difference in percentage points; nil or not finite for none.
    ///   - decimals: decimals of the difference; one by default.
    /// - Returns: the difference, or `–` for none.
    public static func points(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return signed(value, decimals) + " pp"
    }

    /// A range of percentage points with signs, e.g. `-0.12 to +0.30 pp`.
    ///
    /// - Parameters:
    ///   - lower: the lower end in percentage points; nil or not finite for none.
    ///   - upper: the upper end in percentage points; nil or not finite for none.
    ///   - decimals: decimals of each end.
    /// - Returns: the range, or `–` when an end is missing.
    public static func pointsRange(_ lower: Double?, _ upper: Double?, decimals: Int) -> String {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return "–" }
        return signed(lower, decimals) + " to " + signed(upper, decimals) + " pp"
    }

    /// `%+.Nf`, without a sign when the value rounds to zero (no `-0.0`).
    private static func signed(_ value: Double, _ decimals: Int) -> String {
        let text = String(format: "%+.\(decimals)f", value)
        return text.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(text.dropFirst()) : text
    }
}
