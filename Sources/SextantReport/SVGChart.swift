import SextantModel

/// A ``Chart`` drawn as inline SVG for ``HTMLRenderer``.
///
/// Estimates, bars and shares are drawn as rows (a forest plot, a tornado chart, a Pareto chart):
/// each point's label above its mark, so that long names fit a phone's width. A series chart is
/// drawn as one panel per series (a trend or a fan chart): the interval as a ribbon, the target as
/// a hatched band, control limits as dashed steps. Every drawing ends in a legend written in
/// words, and every mark has a tooltip with its figures.
struct SVGChart {
    let chart: Chart
    let id: String

    init(_ chart: Chart, id: String) {
        self.chart = chart
        self.id = id
    }

    private typealias Canvas = SVGCanvas
    private var left: Double { 10 }
    private var right: Double { Canvas.width - 12 }

    /// The drawing: one `<svg>`, or one per series for a series chart.
    func render() -> String {
        switch chart.kind {
        case .series:
            chart.series.enumerated().map { index, series in panel(series, id: "\(id)-\(index + 1)") }.joined()
        case .estimates, .bars, .shares: rows()
        }
    }

    // MARK: Rows

    private enum Row {
        case header(String)
        case point(label: String, series: String, Chart.Point)
    }

    /// The rows: each series' points under the series' name when it has several, else one row
    /// per series named by it.
    private var rowList: [Row] {
        chart.series.flatMap { series -> [Row] in
            if series.points.count == 1, chart.series.count > 1, let point = series.points.first {
                let label = ["all", "scope"].contains(point.label) ? series.name : "\(series.name) · \(point.label)"
                return [.point(label: label, series: series.name, point)]
            }
            let header: [Row] = chart.series.count > 1 ? [.header(series.name)] : []
            return header + series.points.map { .point(label: $0.label, series: series.name, $0) }
        }
    }

    private func rows() -> String {
        var canvas = Canvas(id: id)
        let rows = rowList
        let points = chart.series.flatMap(\.points)
        var values = points.flatMap { [$0.value, $0.lower, $0.upper].compactMap { $0 } }
        switch chart.kind {
        case .bars, .shares: values.append(0)
        default:
            for target in points.compactMap(\.target) {
                switch target {
                case .range(let range): values += [range.floor] + (range.ceiling < 1 ? [range.ceiling] : [])
                case .ceiling(let ceiling, _): values += [0, ceiling]
                }
            }
        }
        let limits: ClosedRange<Double> = chart.kind == .bars ? -1...1 : 0...1
        let scale = SVGScale(
            covering: chart.axisRange.map { [$0.lowerBound, $0.upperBound] } ?? values, limits: limits, from: left + 4,
            to: right - 4)
        let top = 6.0
        var y = top
        var layout: [(Row, Double)] = []
        for row in rows {
            layout.append((row, y))
            if case .header = row { y += 24 } else { y += 42 }
        }
        let bottom = y + 4
        // Grid and axis first, behind the marks.
        for tick in scale.ticks {
            canvas.line(scale(tick), top, scale(tick), bottom, stroke: HTMLStyle.grid)
            let label = scale.label(tick, signed: chart.kind == .bars)
            let half = Canvas.textWidth(label, size: 12.5) * 0.6
            let anchor = scale(tick) + half > Canvas.width - 1 ? "end" : scale(tick) - half < 1 ? "start" : "middle"
            let x = anchor == "end" ? Canvas.width - 1 : anchor == "start" ? 1 : scale(tick)
            canvas.text(label, x: x, y: bottom + 16, anchor: anchor, size: 12.5)
        }
        canvas.line(left, bottom, right, bottom, stroke: HTMLStyle.ink)
        for (row, y) in layout {
            switch row {
            case .header(let name):
                canvas.text(Canvas.fitted(name, width: right - left), x: left, y: y + 17, size: 14, bold: true)
            case .point(let label, let series, let point):
                draw(point, label: label, series: series, y: y, scale: scale, on: &canvas)
            }
        }
        var legend = Legend(y: bottom + 34)
        legend.add(rowLegend(points), on: &canvas)
        return canvas.svg(height: legend.y + 2, label: chart.title)
    }

    /// One row: its label, the target band, the bar or the mark, the whiskers and the value.
    private func draw(_ point: Chart.Point, label: String, series: String, y: Double, scale: SVGScale, on canvas: inout Canvas) {
        let track = y + 29
        canvas.group(title: tooltip(point, series: series))
        canvas.text(Canvas.fitted(label, width: right - left), x: left, y: y + 14)
        if chart.kind != .estimates { canvas.line(scale(0), track - 11, scale(0), track + 11, stroke: HTMLStyle.ink, width: 1.5) }
        if let target = point.target { band(target, scale: scale, y: track - 9, height: 18, on: &canvas) }
        guard let value = point.value else {
            canvas.text("no data", x: scale.start, y: track + 4, size: 12, fill: "#555555")
            canvas.close()
            return
        }
        switch chart.kind {
        case .bars, .shares:
            let negative = value < 0
            let fill =
                negative ? "url(#\(canvas.pattern("negative")))" : (chart.kind == .shares ? HTMLStyle.purple : HTMLStyle.blue)
            let (from, to) = (scale(min(0, value)), scale(max(0, value)))
            canvas.rect(from, track - 7, to - from, 14, fill: fill, stroke: negative ? HTMLStyle.vermillion : nil)
        default: break
        }
        if let lower = point.lower, let upper = point.upper { canvas.whisker(scale(lower), scale(upper), y: track) }
        if chart.kind == .estimates { canvas.circle(scale(value), track, radius: 5, fill: HTMLStyle.blue) }
        let text = valueText(value)
        let reach = scale(max(value, point.upper ?? value, chart.kind == .bars ? 0 : value))
        if reach + 6 + Canvas.textWidth(text, size: 12.5) <= Canvas.width - 2 {
            canvas.text(text, x: reach + 6, y: track + 4, size: 13, bold: true)
        } else {
            let start = scale(min(value, point.lower ?? value, chart.kind == .bars ? 0 : value))
            canvas.text(text, x: start - 6, y: track + 4, anchor: "end", size: 13, bold: true)
        }
        canvas.close()
    }

    private func rowLegend(_ points: [Chart.Point]) -> [Legend.Item] {
        var items: [Legend.Item] = []
        switch chart.kind {
        case .estimates:
            items.append(.mark("estimate; whiskers: its \(chart.interval)"))
        case .bars:
            items.append(.bar(HTMLStyle.blue, "a rise (positive change)"))
            if points.contains(where: { ($0.value ?? 0) < 0 }) { items.append(.hatched("negative", "a fall (negative change)")) }
            if chart.hasIntervals { items.append(.whisker("whiskers: the \(chart.interval) band")) }
        case .shares:
            items.append(.bar(HTMLStyle.purple, "share"))
            if chart.hasIntervals { items.append(.whisker("whiskers: its \(chart.interval)")) }
        case .series: break
        }
        items += targetLegend(points)
        return items
    }

    private func targetLegend(_ points: [Chart.Point]) -> [Legend.Item] {
        let targets = points.compactMap(\.target)
        var items: [Legend.Item] = []
        if targets.contains(where: { if case .range = $0 { true } else { false } }) {
            items.append(.hatched("target", "target range (floor to top)"))
        }
        if targets.contains(where: { if case .ceiling = $0 { true } else { false } }) {
            items.append(.hatched("target", "allowed: up to the ceiling"))
        }
        return items
    }

    /// The target's band across `height` at `y`: a range from floor to top, or a ceiling's
    /// allowance from zero with a dashed line at the ceiling.
    private func band(_ target: MetricTarget, scale: SVGScale, y: Double, height: Double, on canvas: inout Canvas) {
        let fill = "url(#\(canvas.pattern("target")))"
        switch target {
        case .range(let range):
            canvas.rect(scale(range.floor), y, scale(range.ceiling) - scale(range.floor), height, fill: fill)
            canvas.line(scale(range.floor), y, scale(range.floor), y + height, stroke: HTMLStyle.green, width: 2)
        case .ceiling(let ceiling, _):
            canvas.rect(scale(0), y, scale(ceiling) - scale(0), height, fill: fill)
            canvas.line(scale(ceiling), y, scale(ceiling), y + height, stroke: HTMLStyle.green, width: 2, dash: "3 2")
        }
    }

    private func valueText(_ value: Double) -> String {
        chart.kind == .bars
            ? Format.points(value * 100, decimals: chart.decimals) : Format.percent(value, decimals: chart.decimals)
    }

    /// A mark's tooltip: its series, label, value, interval, target and control limits in words.
    private func tooltip(_ point: Chart.Point, series: String) -> String {
        var parts = [
            (series == point.label ? series : "\(series), \(point.label)") + ": " + (point.value.map(valueText) ?? "no data")
        ]
        if point.lower != nil || point.upper != nil {
            let interval =
                chart.kind == .bars
                ? Format.pointsRange(point.lower.map { $0 * 100 }, point.upper.map { $0 * 100 }, decimals: chart.decimals)
                : Format.percentRange(point.lower, point.upper, decimals: chart.decimals)
            parts.append("\(chart.interval) \(interval)")
        }
        if let target = point.target { parts.append("target " + Cell(target, decimals: chart.decimals).display) }
        if point.controlLower != nil || point.controlUpper != nil {
            parts.append(
                "control limits " + Format.percentRange(point.controlLower, point.controlUpper, decimals: chart.decimals)
                    + (point.outsideControlLimits ? ", outside them" : ""))
        }
        return parts.joined(separator: "; ")
    }

    // MARK: Series

    /// One series over the axis: target band, interval ribbon, control limits, centre line, the
    /// line and its marks.
    private func panel(_ series: Chart.Series, id: String) -> String {
        var canvas = Canvas(id: id)
        let points = series.points
        let plotLeft = 54.0
        let plotRight = right - 4
        let top = 32.0
        let bottom = top + 170
        var values = points.flatMap { [$0.value, $0.lower, $0.upper, $0.controlLower, $0.controlUpper].compactMap { $0 } }
        values += series.centre.map { [$0] } ?? []
        for target in points.compactMap(\.target) {
            switch target {
            case .range(let range): values += [range.floor] + (range.ceiling < 1 ? [range.ceiling] : [])
            case .ceiling(let ceiling, _): values += [0, ceiling]
            }
        }
        let scale = SVGScale(
            covering: chart.axisRange.map { [$0.lowerBound, $0.upperBound] } ?? values, limits: 0...1, from: bottom, to: top)
        canvas.text(Canvas.fitted(series.name, width: right - left), x: left, y: 18, size: 14, bold: true)
        for tick in scale.ticks {
            canvas.line(plotLeft, scale(tick), plotRight, scale(tick), stroke: HTMLStyle.grid)
            canvas.text(scale.label(tick, signed: false), x: plotLeft - 6, y: scale(tick) + 4, anchor: "end", size: 12.5)
        }
        let count = points.count
        let inset = 12.0
        let stepWidth = count > 1 ? (plotRight - plotLeft - 2 * inset) / Double(count - 1) : 0
        func x(_ index: Int) -> Double { count > 1 ? plotLeft + inset + Double(index) * stepWidth : (plotLeft + plotRight) / 2 }
        let half = count > 1 ? stepWidth / 2 : (plotRight - plotLeft) / 2
        func span(_ index: Int) -> (Double, Double) { (max(plotLeft, x(index) - half), min(plotRight, x(index) + half)) }
        // Target band, per point (targets may differ along the axis).
        for (index, point) in points.enumerated() {
            guard let target = point.target else { continue }
            let (from, to) = span(index)
            let fill = "url(#\(canvas.pattern("target")))"
            switch target {
            case .range(let range):
                canvas.rect(from, scale(range.ceiling), to - from, scale(range.floor) - scale(range.ceiling), fill: fill)
            case .ceiling(let ceiling, _): canvas.rect(from, scale(ceiling), to - from, scale(0) - scale(ceiling), fill: fill)
            }
        }
        // Interval ribbon over each run of points with both bounds.
        for run in runs(points.indices.filter { points[$0].lower != nil && points[$0].upper != nil }) {
            let upper = run.map { (x($0), scale(points[$0].upper!)) }
            let lower = run.reversed().map { (x($0), scale(points[$0].lower!)) }
            if run.count == 1 {
                canvas.rect(x(run[0]) - 4, upper[0].1, 8, lower[0].1 - upper[0].1, fill: HTMLStyle.skyBlue, opacity: 0.5)
            } else {
                canvas.polygon(upper + lower, fill: HTMLStyle.skyBlue, opacity: 0.45)
            }
        }
        // Control limits as steps, and the centre line.
        for bound in [\Chart.Point.controlUpper, \Chart.Point.controlLower] {
            for run in runs(points.indices.filter { points[$0][keyPath: bound] != nil }) {
                let steps = run.flatMap { index -> [(Double, Double)] in
                    let (from, to) = span(index)
                    let level = scale(points[index][keyPath: bound]!)
                    return [(from, level), (to, level)]
                }
                canvas.polyline(steps, stroke: HTMLStyle.vermillion, width: 1.5, dash: "6 4")
            }
        }
        if let centre = series.centre {
            canvas.line(plotLeft, scale(centre), plotRight, scale(centre), stroke: HTMLStyle.ink, width: 1.2, dash: "2 3")
        }
        canvas.line(plotLeft, bottom, plotRight, bottom, stroke: HTMLStyle.ink)
        // The line and its marks.
        for run in runs(points.indices.filter { points[$0].value != nil }) where run.count > 1 {
            canvas.polyline(run.map { (x($0), scale(points[$0].value!)) }, stroke: HTMLStyle.blue, width: 2.5)
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            canvas.group(title: tooltip(point, series: series.name))
            if point.outsideControlLimits {
                canvas.diamond(x(index), scale(value), radius: 7, fill: HTMLStyle.vermillion)
            } else {
                canvas.circle(x(index), scale(value), radius: count > 40 ? 2.5 : 4, fill: HTMLStyle.blue)
            }
            canvas.close()
        }
        // Axis labels: as many as fit.
        let labels = Self.axisLabels(points.map(\.label))
        let widest = labels.labels.map { Canvas.textWidth($0, size: 12.5) }.max() ?? 0
        let every = count > 1 ? max(1, Int((widest + 8) / stepWidth) + 1) : 1
        for (index, label) in labels.labels.enumerated() where index % every == 0 || index == count - 1 && every == 1 {
            canvas.text(label, x: x(index), y: bottom + 16, anchor: "middle", size: 12.5)
        }
        canvas.text(labels.title ?? chart.axis, x: (plotLeft + plotRight) / 2, y: bottom + 34, anchor: "middle", size: 12.5)
        var legend = Legend(y: bottom + 58)
        legend.add(panelLegend(series), on: &canvas)
        return canvas.svg(height: legend.y + 2, label: chart.title + ": " + series.name)
    }

    private func panelLegend(_ series: Chart.Series) -> [Legend.Item] {
        let points = series.points
        var items: [Legend.Item] = [.line(chart.kind == .series && chart.interval == "5%–95%" ? "median" : "value")]
        if points.contains(where: { $0.lower != nil && $0.upper != nil }) { items.append(.ribbon("band: \(chart.interval)")) }
        items += targetLegend(points)
        if series.centre != nil { items.append(.dotted("centre: the rate pooled over the \(chart.axis)s shown")) }
        if points.contains(where: { $0.controlLower != nil || $0.controlUpper != nil }) {
            items.append(.dashed("control limits: centre ± 3 standard errors"))
        }
        if points.contains(where: \.outsideControlLimits) { items.append(.diamond("outside the limits: a real change")) }
        return items
    }

    /// Consecutive runs of indices: [1, 2, 4] → [[1, 2], [4]].
    private func runs(_ indices: [Int]) -> [[Int]] {
        var runs: [[Int]] = []
        for index in indices {
            if let last = runs.last?.last, last == index - 1 { runs[runs.count - 1].append(index) } else { runs.append([index]) }
        }
        return runs
    }

    /// Axis labels, shortened when they are ISO weeks of one year (`2026-W10` → `W10`, the year
    /// in the axis title).
    static func axisLabels(_ labels: [String]) -> (labels: [String], title: String?) {
        let weeks = labels.map { label -> (String, String)? in
            let parts = label.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
                parts[1].hasPrefix("W")
            else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
        guard !labels.isEmpty, weeks.allSatisfy({ $0 != nil }), Set(weeks.map { $0!.0 }).count == 1 else { return (labels, nil) }
        return (weeks.map { $0!.1 }, "ISO week of \(weeks[0]!.0)")
    }
}
