/// The legend under a drawing: one item a line, its symbol then its words.
struct Legend {
    enum Item {
        case mark(String)
        case bar(String, String)
        case hatched(String, String)
        case whisker(String)
        case line(String)
        case ribbon(String)
        case dotted(String)
        case dashed(String)
        case diamond(String)
    }

    private(set) var y: Double

    /// Words broken into lines that fit `width` (a word longer than a line is cut with `…`).
    static func wrapped(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if SVGCanvas.textWidth(candidate, size: size) <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.map { SVGCanvas.fitted($0, width: width, size: size) }
    }

    mutating func add(_ items: [Item], on canvas: inout SVGCanvas) {
        let x = 12.0
        for item in items {
            let middle = y - 4
            let words: String
            switch item {
            case .mark(let text):
                canvas.whisker(x, x + 24, y: middle, cap: 4)
                canvas.circle(x + 12, middle, radius: 4.5, fill: HTMLStyle.blue)
                words = text
            case .bar(let colour, let text):
                canvas.rect(x, middle - 6, 24, 12, fill: colour)
                words = text
            case .hatched(let pattern, let text):
                canvas.rect(x, middle - 7, 24, 14, fill: "url(#\(canvas.pattern(pattern)))", stroke: HTMLStyle.ink)
                words = text
            case .whisker(let text):
                canvas.whisker(x, x + 24, y: middle, cap: 4)
                words = text
            case .line(let text):
                canvas.line(x, middle, x + 24, middle, stroke: HTMLStyle.blue, width: 2.5)
                canvas.circle(x + 12, middle, radius: 4, fill: HTMLStyle.blue)
                words = text
            case .ribbon(let text):
                canvas.rect(x, middle - 7, 24, 14, fill: HTMLStyle.skyBlue, opacity: 0.45)
                words = text
            case .dotted(let text):
                canvas.line(x, middle, x + 24, middle, stroke: HTMLStyle.ink, width: 1.2, dash: "2 3")
                words = text
            case .dashed(let text):
                canvas.line(x, middle, x + 24, middle, stroke: HTMLStyle.vermillion, width: 1.5, dash: "6 4")
                words = text
            case .diamond(let text):
                canvas.diamond(x + 12, middle, radius: 6, fill: HTMLStyle.vermillion)
                words = text
            }
            for line in Self.wrapped(words, width: SVGCanvas.width - x - 36, size: 12.5) {
                canvas.text(line, x: x + 32, y: y, size: 12.5)
                y += 17
            }
            y += 3
        }
    }
}
