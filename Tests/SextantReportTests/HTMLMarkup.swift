/// A strict reader of the HTML that ``SextantReport/HTMLRenderer`` writes, for the safety tests:
/// it splits a page into tags and text, and fails on anything the renderer never writes on its own
/// (a comment, an unquoted attribute value, a `<` that opens no tag, a bare `&`).
///
/// It is deliberately stricter than a browser: a page it accepts has exactly the tags and
/// attributes it lists, so a name from the data that added markup would show up as a tag or an
/// attribute outside the allowed sets.
struct HTMLMarkup {
    struct Tag: Equatable {
        var name: String
        var closing: Bool
        var attributes: [(name: String, value: String)]

        static func == (a: Tag, b: Tag) -> Bool {
            a.name == b.name && a.closing == b.closing && a.attributes.map(\.name) == b.attributes.map(\.name)
                && a.attributes.map(\.value) == b.attributes.map(\.value)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The tags, in order.
    private(set) var tags: [Tag] = []
    /// The text between tags (entities left as they are), in order: `texts[i]` comes before `tags[i]`.
    private(set) var texts: [String] = []
    /// The content of each `<style>` element.
    private(set) var styles: [String] = []

    /// The elements a page may hold: HTML's, then SVG's.
    static let allowedTags: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p", "section", "dl", "dt", "dd",
        "ul", "li", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "footer",
        "svg", "defs", "pattern", "rect", "line", "circle", "polygon", "polyline", "text", "g",
    ]

    /// The attributes a page may hold; none is an event handler, `style`, `href` or `src`.
    static let allowedAttributes: Set<String> = [
        "lang", "charset", "http-equiv", "content", "name", "class", "scope", "viewBox", "role", "font-family", "id",
        "width", "height", "patternUnits", "patternTransform", "fill", "fill-opacity", "stroke", "stroke-width",
        "stroke-dasharray", "stroke-linejoin", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "points", "font-size",
        "font-weight", "text-anchor",
    ]

    init(_ html: String) throws {
        var s = Substring(html)
        let doctype = "<!DOCTYPE html>"
        guard s.hasPrefix(doctype) else { throw Failure(description: "the page does not start with \(doctype)") }
        s = s.dropFirst(doctype.count)
        var text = ""
        while let first = s.first {
            guard first == "<" else {
                if first == "&" {
                    let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].first { s.hasPrefix($0) }
                    guard let entity else { throw Failure(description: "a bare & at …\(s.prefix(30))") }
                    text += entity
                    s = s.dropFirst(entity.count)
                } else {
                    text.append(first)
                    s = s.dropFirst()
                }
                continue
            }
            texts.append(text)
            text = ""
            s = s.dropFirst()
            var tag = Tag(name: "", closing: false, attributes: [])
            if s.first == "/" {
                tag.closing = true
                s = s.dropFirst()
            }
            tag.name = String(s.prefix { $0.isLetter || $0.isNumber })
            s = s.dropFirst(tag.name.count)
            guard !tag.name.isEmpty else { throw Failure(description: "a < that opens no tag at …\(s.prefix(30))") }
            while true {
                s = s.drop { $0 == " " }
                if s.hasPrefix("/>") {
                    s = s.dropFirst(2)
                    break
                }
                if s.first == ">" {
                    s = s.dropFirst()
                    break
                }
                let name = String(s.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
                guard !name.isEmpty else {
                    throw Failure(description: "a malformed attribute in <\(tag.name)> at …\(s.prefix(30))")
                }
                s = s.dropFirst(name.count)
                guard s.hasPrefix("=\"") else { throw Failure(description: "attribute \(name) without a quoted value") }
                s = s.dropFirst(2)
                let value = String(s.prefix { $0 != "\"" })
                guard value.count < s.count else { throw Failure(description: "attribute \(name) never closed") }
                guard !value.contains("<"), !value.contains(">") else {
                    throw Failure(description: "attribute \(name) holds < or >: \(value)")
                }
                s = s.dropFirst(value.count + 1)
                tag.attributes.append((name, value))
            }
            tags.append(tag)
            // The style sheet is raw text up to its end tag: it must be the renderer's own.
            if tag.name == "style", !tag.closing {
                guard let end = s.range(of: "</style>") else { throw Failure(description: "<style> never closed") }
                styles.append(String(s[..<end.lowerBound]))
                s = s[end.lowerBound...]
            }
        }
        texts.append(text)
    }

    /// The problems of the page against the allowed tags and attributes, and the rules for values:
    /// a `fill` is a colour, `none` or one of the page's own patterns; no value names a scheme.
    func problems() -> [String] {
        var problems: [String] = []
        for tag in tags {
            if !Self.allowedTags.contains(tag.name) { problems.append("tag <\(tag.name)>") }
            for (name, value) in tag.attributes {
                if !Self.allowedAttributes.contains(name) { problems.append("attribute \(name) of <\(tag.name)>") }
                let lowered = value.lowercased()
                if lowered.contains("javascript") || lowered.contains("url(") && !Self.isPatternReference(value) {
                    problems.append("value \(value) of \(name)")
                }
                if name == "fill", !(value.hasPrefix("#") || value == "none" || Self.isPatternReference(value)) {
                    problems.append("fill \(value)")
                }
            }
        }
        return problems
    }

    /// `url(#chartN-…)`: a reference to a pattern the page defines, never a request.
    static func isPatternReference(_ value: String) -> Bool {
        guard value.hasPrefix("url(#chart"), value.hasSuffix(")") else { return false }
        return value.dropFirst(5).dropLast().allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "#" }
    }
}
