import Foundation

/// An SVG drawing being written: elements appended as text, every text and attribute value from
/// the report escaped by ``HTMLRenderer/escape(_:)``, coordinates written with one decimal so that
/// the output is the same on every machine.
struct SVGCanvas {
    /// The drawing's width in user units (its `viewBox` scales it to the page).
    static let width = 400.0
    /// The size of most text, in user units.
    static let fontSize = 14.0

    /// The elements written so far.
    private(set) var body = ""
    /// A prefix that makes the ids of this drawing's patterns unique in the page.
    let id: String

    init(id: String) { self.id = id }

    /// A coordinate or length as written: one decimal, no `-0.0`.
    static func number(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }

    /// Appends raw markup made by this file (never data).
    mutating func raw(_ markup: String) { body += markup }

    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
    ) {
        body +=
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
            + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
    }

    mutating func rect(
        _ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, opacity: Double? = nil, stroke: String? = nil
    ) {
        body +=
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\""
            + (opacity.map { " fill-opacity=\"\(String(format: "%.2f", $0))\"" } ?? "")
            + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>"
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, stroke: String = "#FFFFFF") {
        body +=
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\" "
            + "stroke=\"\(stroke)\" stroke-width=\"1.5\"/>"
    }

    /// A diamond centred on (x, y): the mark of a point outside its control limits.
    mutating func diamond(_ x: Double, _ y: Double, radius: Double, fill: String) {
        let points = [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)]
        polygon(points, fill: fill, stroke: HTMLStyle.ink)
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double? = nil, stroke: String? = nil) {
        body +=
            "<polygon points=\"\(Self.path(points))\" fill=\"\(fill)\""
            + (opacity.map { " fill-opacity=\"\(String(format: "%.2f", $0))\"" } ?? "")
            + (stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? "") + "/>"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil) {
        body +=
            "<polyline points=\"\(Self.path(points))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + " stroke-linejoin=\"round\"/>"
    }

    private static func path(_ points: [(Double, Double)]) -> String {
        points.map { number($0.0) + "," + number($0.1) }.joined(separator: " ")
    }

    /// Text, escaped.
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", size: Double = fontSize, bold: Bool = false,
        fill: String = HTMLStyle.ink
    ) {
        body +=
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
            + (anchor == "start" ? "" : " text-anchor=\"\(anchor)\"") + (bold ? " font-weight=\"700\"" : "")
            + (fill == HTMLStyle.ink ? "" : " fill=\"\(fill)\"") + ">\(HTMLRenderer.escape(content))</text>"
    }

    /// Opens a group whose tooltip (and accessible name) is `title`, escaped; close it with ``close()``.
    mutating func group(title: String) {
        body += "<g><title>\(HTMLRenderer.escape(title))</title>"
    }

    mutating func close() { body += "</g>" }

    /// A horizontal interval: a line from `lower` to `upper` with end caps.
    mutating func whisker(_ lower: Double, _ upper: Double, y: Double, cap: Double = 5) {
        line(lower, y, upper, y, stroke: HTMLStyle.ink, width: 1.5)
        line(lower, y - cap, lower, y + cap, stroke: HTMLStyle.ink, width: 1.5)
        line(upper, y - cap, upper, y + cap, stroke: HTMLStyle.ink, width: 1.5)
    }

    /// The id of one of this drawing's patterns.
    func pattern(_ name: String) -> String { "\(id)-\(name)" }

    /// The pattern definitions: the target band's green hatch and the negative bars' orange hatch.
    var definitions: String {
        func hatch(_ name: String, _ colour: String, _ background: Double) -> String {
            "<pattern id=\"\(pattern(name))\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(colour)\" fill-opacity=\"\(background)\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(colour)\" stroke-width=\"2.5\"/></pattern>"
        }
        return "<defs>" + hatch("target", HTMLStyle.green, 0.18) + hatch("negative", HTMLStyle.orange, 0.35) + "</defs>"
    }

    /// The finished drawing: an `<svg>` with its `viewBox`, accessible name and patterns.
    ///
    /// - Parameters:
    ///   - height: the drawing's height in user units.
    ///   - label: the accessible name (the chart's title), escaped.
    func svg(height: Double, label: String) -> String {
        "<svg viewBox=\"0 0 \(Self.number(Self.width)) \(Self.number(height))\" "
            + "role=\"img\" font-family=\"system-ui, sans-serif\"><title>\(HTMLRenderer.escape(label))</title>"
            + definitions + body + "</svg>\n"
    }

    /// How wide `text` is drawn, roughly (an average glyph of 0.58 em).
    static func textWidth(_ text: String, size: Double = fontSize) -> Double { Double(text.count) * size * 0.58 }

    /// `text` cut with `…` to fit `width` user units.
    static func fitted(_ text: String, width: Double, size: Double = fontSize) -> String {
        let most = max(4, Int(width / (size * 0.58)))
        return text.count <= most ? text : String(text.prefix(most - 1)) + "…"
    }
}

/// A linear map from values to user units, with round tick values.
struct SVGScale {
    /// The lowest and highest values shown.
    let low: Double
    let high: Double
    /// The user units they map to.
    let start: Double
    let end: Double
    /// The distance between ticks.
    let step: Double

    /// A scale over the values given, widened a little and to round ticks, kept within `limits`;
    /// it starts at zero when the values are near it, relative to their spread.
    init(covering values: [Double], limits: ClosedRange<Double>, from start: Double, to end: Double, ticks: Int = 5) {
        var values = values.filter(\.isFinite)
        if values.isEmpty { values = [limits.lowerBound, limits.upperBound] }
        var low = values.min()!
        var high = values.max()!
        if low > 0, low <= high - low { low = 0 }
        let spread = high - low
        let pad = spread > 0 ? spread * 0.06 : max(abs(high) * 0.1, 0.005)
        if low != 0 || spread == 0 { low -= pad }
        high += pad
        low = max(limits.lowerBound, low)
        high = min(limits.upperBound, high)
        let raw = (high - low) / Double(ticks)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * 0.999 } ?? 10 * magnitude
        self.low = max(limits.lowerBound, (low / step).rounded(.down) * step)
        self.high = min(limits.upperBound, (high / step).rounded(.up) * step)
        self.step = step
        self.start = start
        self.end = end
    }

    /// The user unit of `value`, kept within the drawing's range.
    func callAsFunction(_ value: Double) -> Double {
        let clamped = min(max(value, low), high)
        return start + (clamped - low) / (high - low) * (end - start)
    }

    /// The tick values from low to high.
    var ticks: [Double] {
        let first = (low / step).rounded(.up)
        let last = (high / step).rounded(.down)
        guard first <= last else { return [low, high] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// The decimals a tick shows with, in percent: enough for the step (2.5 % → 1).
    var tickDecimals: Int {
        var decimals = 0
        while decimals < 4 {
            let scaled = step * 100 * pow(10, Double(decimals))
            if abs(scaled.rounded() - scaled) < 1e-6 { break }
            decimals += 1
        }
        return decimals
    }

    /// A tick's label: a percentage, or for changes signed percentage points.
    func label(_ value: Double, signed: Bool) -> String {
        let magnitude = abs(value) < step / 1000 ? 0 : value
        if signed { return Format.points(magnitude * 100, decimals: tickDecimals) }
        return String(format: "%.\(tickDecimals)f%%", magnitude * 100)
    }
}
