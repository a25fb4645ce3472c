import Foundation

/// Number formatting shared by every renderer: how a ``Cell`` and a sentence write a number.
public enum Format {
    /// A rate as a percentage, e.g. `74.0%`.
    ///
    /// - Parameters:
    ///   - value: a proportion (0.74 for 74 %); nil or not finite for no data.
    ///   - decimals: decimals of the percentage.
    /// - Returns: the percentage, or `–` for no data.
    public static func percent(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f%%", value * 100)
    }

    /// A rate as a percentage with at most one decimal and no trailing `.0`, e.g. `80%` or `72.5%`.
    ///
    /// - Parameter value: a proportion.
    /// - Returns: the percentage.
    public static func compactPercent(_ value: Double) -> String {
        let text = String(format: "%.1f", value * 100)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }

    /// An interval as percentages, e.g. `59.7–85.4%`.
    ///
    /// - Parameters:
    ///   - lower: the lower bound, a proportion; nil or not finite for no data.
    ///   - upper: the upper bound, a proportion; nil or not finite for no data.
    ///   - decimals: decimals of each percentage.
    /// - Returns: the interval, or `–` when a bound is missing.
    public static func percentRange(_ lower: Double?, _ upper: Double?, decimals: Int = 1) -> String {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return "–" }
        return String(format: "%.\(decimals)f–%.\(decimals)f%%", lower * 100, upper * 100)
    }

    /// A confidence level, e.g. `95%` or `99.9%`: up to three decimals, none trailing.
    ///
    /// - Parameter value: the level, a proportion (0.95).
    /// - Returns: the percentage.
    public static func confidence(_ value: Double) -> String {
        let percent = value * 100
        let rounded = (percent * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(format: "%.0f%%", rounded) }
        var text = String(format: "%.3f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
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

    /// A number with 6 significant digits, as C's `%.6g`: `0.596552` or `3.68888e-07`.
    ///
    /// - Parameter value: the number; nil or not finite for none.
    /// - Returns: the number, or `–` for none.
    public static func significant(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.6g", value)
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
