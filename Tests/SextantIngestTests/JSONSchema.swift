import Foundation

/// A small JSON Schema (2020-12) validator for the keywords `scenarios/scenario.schema.json` uses:
/// type, const, enum, required, properties, additionalProperties: false, items, min/maxItems,
/// minimum, maximum, exclusiveMinimum, minLength, minProperties, oneOf, anyOf and local `$ref`s.
/// It reports the JSON pointer of every violation.
struct JSONSchema {
    let root: [String: Any]

    init(contentsOf url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// Every violation of the schema by `instance` (JSON values, or what Yams loads from YAML), as
    /// "pointer: problem".
    func validate(_ instance: Any) -> [String] { check(Self.normalize(instance), root, "") }

    /// Plain Swift values: `[String: Any]` objects (Yams gives `[AnyHashable: Any]`), arrays,
    /// `Int`, `Double`, `Bool` and `String`.
    static func normalize(_ value: Any) -> Any {
        if let object = value as? [AnyHashable: Any] {
            var out: [String: Any] = [:]
            for (key, item) in object { out["\(key.base)"] = normalize(item) }
            return out
        }
        if let array = value as? [Any] { return array.map(normalize) }
        return value
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        var merged = node as? [String: Any] ?? [:]
        for (key, value) in schema where key != "$ref" { merged[key] = value }
        return resolve(merged)
    }

    /// A bound from the schema (JSONSerialization gives `NSNumber`).
    private static func bound(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// A number, by its exact type (on Linux `0 as Any` also casts to `Bool`).
    private static func number(_ value: Any) -> Double? {
        if type(of: value) == Int.self, let int = value as? Int { return Double(int) }
        if type(of: value) == Double.self, let double = value as? Double { return double }
        return nil
    }

    private func check(_ instance: Any, _ rawSchema: [String: Any], _ path: String) -> [String] {
        let schema = resolve(rawSchema)
        var problems: [String] = []
        if let kind = schema["type"] as? String {
            let ok: Bool
            switch kind {
            case "object": ok = instance is [String: Any]
            case "array": ok = instance is [Any]
            case "string": ok = instance is String
            case "boolean": ok = type(of: instance) == Bool.self
            case "integer": ok = type(of: instance) == Int.self
            case "number": ok = Self.number(instance) != nil
            default: ok = true
            }
            if !ok { return ["\(path): not of type \(kind)"] }
        }
        if let constant = schema["const"] {
            if "\(constant)" != "\(instance)" { problems.append("\(path): not \(constant)") }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(instance)" }) {
            problems.append("\(path): not one of \(options)")
        }
        if let value = Self.number(instance) {
            if let minimum = Self.bound(schema["minimum"]), value < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = Self.bound(schema["maximum"]), value > maximum { problems.append("\(path): above \(maximum)") }
            if let bound = Self.bound(schema["exclusiveMinimum"]), value <= bound {
                problems.append("\(path): not above \(bound)")
            }
        }
        if let text = instance as? String, let minimum = (schema["minLength"] as? NSNumber)?.intValue, text.count < minimum {
            problems.append("\(path): shorter than \(minimum)")
        }
        if let object = instance as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing \(key)")
            }
            if let minimum = (schema["minProperties"] as? NSNumber)?.intValue, object.count < minimum {
                problems.append("\(path): fewer than \(minimum) keys")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, value) in object {
                if let sub = properties[key] as? [String: Any] {
                    problems += check(value, sub, "\(path)/\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path)/\(key): not allowed")
                }
            }
        }
        if let array = instance as? [Any] {
            if let minimum = (schema["minItems"] as? NSNumber)?.intValue, array.count < minimum {
                problems.append("\(path): fewer than \(minimum) items")
            }
            if let maximum = (schema["maxItems"] as? NSNumber)?.intValue, array.count > maximum {
                problems.append("\(path): more than \(maximum) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { problems += check(item, items, "\(path)/\(index)") }
            }
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matches = options.filter { check(instance, $0, path).isEmpty }.count
            if matches != 1 { problems.append("\(path): matches \(matches) of oneOf, expected exactly 1") }
        }
        if let options = schema["anyOf"] as? [[String: Any]], !options.contains(where: { check(instance, $0, path).isEmpty }) {
            problems.append("\(path): matches none of anyOf")
        }
        return problems
    }
}
