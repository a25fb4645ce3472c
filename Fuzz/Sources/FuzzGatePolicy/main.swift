import Foundation
import FuzzSupport
import SextantIngest

// Every input parsed as a gate policy.
exit(Fuzz.run { bytes in Fuzz.parseYAML(bytes) { try GatePolicyFile.parse($0, file: "fuzz.yaml") } })
