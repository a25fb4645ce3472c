import Foundation
import Testing

@Suite("report on counts beyond 2^32")
struct HugeInputTests {
    @Test("a counts file of 9 billion sessions reports every count exactly, with Wilson's interval at that n")
    func countsPastTwoToThe32() throws {
        let folder = try CLI.temporaryDirectory()
        let counts = folder.appendingPathComponent("counts.csv")
        let n = 3_000_000_007
        let row = "\(n),\(n / 5),\(n / 4),\(n / 10),7,11,13,31"
        try ("sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n" + [row, row, row].joined(separator: "\n") + "\n")
            .write(to: counts, atomically: true, encoding: .utf8)
        let result = try CLI.run(["report", counts.path, "--input-format", "counts", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["sessions"] as? Int == 3 * n && json["reviewed"] as? Int == 3 * (n / 10))
        let contained = try #require((json["metrics"] as? [String: Any])?["contained"] as? [String: Any])
        let k = 3 * (n - n / 5)
        #expect(contained["count"] as? Int == k)
        // Wilson at 95 %: (p + z²/2n ± z·sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n).
        let z = 1.959963984540054
        let total = Double(3 * n)
        let p = Double(k) / total
        let centre = (p + z * z / (2 * total)) / (1 + z * z / total)
        let half = z * (p * (1 - p) / total + z * z / (4 * total * total)).squareRoot() / (1 + z * z / total)
        let lower = try #require(contained["lower"] as? Double)
        let upper = try #require(contained["upper"] as? Double)
        #expect(abs(lower - (centre - half)) <= 1e-12 && abs(upper - (centre + half)) <= 1e-12, "\(lower) \(upper)")
    }
}
